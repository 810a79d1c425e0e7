package dev.sqliterest.server.auth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an RSA public key from PEM with the JDK alone, accepting what sqlite-rest's {@code
 * jwt.ParseRSAPublicKeyFromPEM} accepts: {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), {@code
 * RSA PUBLIC KEY} (PKCS#1) and {@code CERTIFICATE}.
 */
final class RsaPemKeys {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

  /** DER of AlgorithmIdentifier {rsaEncryption, NULL}, the prefix that turns PKCS#1 into SPKI. */
  private static final byte[] RSA_ALGORITHM_ID = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private RsaPemKeys() {}

  static RSAPublicKey parse(byte[] content) throws InvalidKeyFileException {
    Matcher m = BLOCK.matcher(new String(content, StandardCharsets.US_ASCII));
    if (!m.find()) {
      throw new InvalidKeyFileException("no PEM block found (want -----BEGIN PUBLIC KEY-----)");
    }
    String type = m.group(1);
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyFileException("PEM block " + type + " is not valid base64", e);
    }
    PublicKey key;
    try {
      key =
          switch (type) {
            case "PUBLIC KEY" -> rsaKeyFactory().generatePublic(new X509EncodedKeySpec(der));
            case "RSA PUBLIC KEY" ->
                rsaKeyFactory().generatePublic(new X509EncodedKeySpec(spki(der)));
            case "CERTIFICATE" ->
                CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
            default ->
                throw new InvalidKeyFileException(
                    "unsupported PEM block \""
                        + type
                        + "\" (want PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE)");
          };
    } catch (GeneralSecurityException e) {
      throw new InvalidKeyFileException(
          "PEM block " + type + " is not an RSA public key: " + e.getMessage(), e);
    }
    if (!(key instanceof RSAPublicKey rsa)) {
      throw new InvalidKeyFileException("PEM key is " + key.getAlgorithm() + ", not RSA");
    }
    return rsa;
  }

  private static KeyFactory rsaKeyFactory() throws GeneralSecurityException {
    return KeyFactory.getInstance("RSA");
  }

  /** SEQUENCE { algorithm, BIT STRING { 0 unused bits, pkcs1 } }. */
  private static byte[] spki(byte[] pkcs1) {
    ByteArrayOutputStream bitString = new ByteArrayOutputStream();
    bitString.write(0);
    bitString.writeBytes(pkcs1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(RSA_ALGORITHM_ID);
    writeTlv(body, 0x03, bitString.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTlv(out, 0x30, body.toByteArray());
    return out.toByteArray();
  }

  private static void writeTlv(ByteArrayOutputStream out, int tag, byte[] value) {
    out.write(tag);
    int length = value.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(value);
  }
}
