package dev.sqliterest.server.auth;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Test keys and their JWK form, written as identity providers publish them. */
final class Jwks {

  private Jwks() {}

  static KeyPair ec(String jdkCurve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(jdkCurve));
    return g.generateKeyPair();
  }

  static ECPrivateKey ecPrivate(KeyPair pair) {
    return (ECPrivateKey) pair.getPrivate();
  }

  static ECPublicKey ecPublic(KeyPair pair) {
    return (ECPublicKey) pair.getPublic();
  }

  static String rsaJwk(String kid, RSAPublicKey key) {
    return "{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\""
        + kid
        + "\",\"n\":\""
        + b64(unsigned(key.getModulus()))
        + "\",\"e\":\""
        + b64(unsigned(key.getPublicExponent()))
        + "\"}";
  }

  /**
   * {@code crv} is the JWK name (P-256, P-384, P-521); coordinates are padded to the field size.
   */
  static String ecJwk(String kid, String crv, ECPublicKey key) {
    int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    return "{\"kty\":\"EC\",\"kid\":\""
        + kid
        + "\",\"crv\":\""
        + crv
        + "\",\"x\":\""
        + b64(padded(key.getW().getAffineX(), size))
        + "\",\"y\":\""
        + b64(padded(key.getW().getAffineY(), size))
        + "\"}";
  }

  static String octJwk(String kid, byte[] secret) {
    return "{\"kty\":\"oct\",\"kid\":\"" + kid + "\",\"k\":\"" + b64(secret) + "\"}";
  }

  static String set(String... jwks) {
    return "{\"keys\":[" + String.join(",", List.of(jwks)) + "]}";
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static byte[] padded(BigInteger n, int size) {
    byte[] b = unsigned(n);
    byte[] out = new byte[size];
    System.arraycopy(b, 0, out, size - b.length, b.length);
    return out;
  }
}
