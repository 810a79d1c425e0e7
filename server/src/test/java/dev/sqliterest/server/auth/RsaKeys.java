package dev.sqliterest.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/** Test RSA key pairs and their PEM forms. */
record RsaKeys(RSAPublicKey publicKey, RSAPrivateKey privateKey) {

  static RsaKeys generate(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    var pair = generator.generateKeyPair();
    return new RsaKeys((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
  }

  /** {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo), as openssl writes it. */
  byte[] spkiPem() {
    return pem("PUBLIC KEY", publicKey.getEncoded());
  }

  /** {@code -----BEGIN RSA PUBLIC KEY-----} (PKCS#1), cut out of the SPKI encoding. */
  byte[] pkcs1Pem() {
    byte[] spki = publicKey.getEncoded();
    // SEQUENCE hdr, AlgorithmIdentifier (15 bytes), BIT STRING hdr, 0 unused-bits byte, then PKCS#1
    int i = headerLength(spki, 0) + 15;
    i += headerLength(spki, i) + 1;
    return pem("RSA PUBLIC KEY", Arrays.copyOfRange(spki, i, spki.length));
  }

  private static int headerLength(byte[] der, int offset) {
    int first = der[offset + 1] & 0xff;
    return first < 0x80 ? 2 : 2 + (first & 0x7f);
  }

  private static byte[] pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
