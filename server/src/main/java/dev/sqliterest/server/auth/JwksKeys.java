package dev.sqliterest.server.auth;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON Web Key Set (RFC 7517; {@code {"keys":[…]}}, or a single JWK) into a {@link KeyRing}
 * with the JDK's key factories. Supported: {@code RSA} keys (RS256/384/512 and PS256/384/512),
 * {@code EC} keys on P-256, P-384 and P-521 (ES256, ES384, ES512) and {@code oct} secrets
 * (HS256/384/512); a key's {@code alg}, when present, narrows it to that algorithm.
 *
 * <p>Identity providers publish keys this server cannot use next to the signing keys (encryption
 * keys, Ed25519): such keys are skipped with a warning. A key that claims to be usable but is
 * malformed (bad base64url, a point off its curve) fails the whole file, since it is a mistake in
 * the file rather than something to route around.
 */
final class JwksKeys {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** JWK curve name → (JDK curve name, the one JWS algorithm for it). */
  private static final Map<String, String[]> CURVES =
      Map.of(
          "P-256", new String[] {"secp256r1", "ES256"},
          "P-384", new String[] {"secp384r1", "ES384"},
          "P-521", new String[] {"secp521r1", "ES512"});

  private JwksKeys() {}

  static KeyRing parse(String source, byte[] content, Duration leeway, Clock clock)
      throws InvalidKeyFileException {
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (JsonProcessingException e) {
      throw new InvalidKeyFileException(
          source + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidKeyFileException(source + " cannot be read: " + e.getMessage(), e);
    }
    List<JsonNode> jwks = new ArrayList<>();
    if (root != null && root.isObject() && root.path("keys").isArray()) {
      root.get("keys").forEach(jwks::add);
    } else if (root != null && root.isObject() && root.has("kty")) {
      jwks.add(root);
    } else {
      throw new InvalidKeyFileException(
          source + " holds neither a JWK Set ({\"keys\":[…]}) nor a single JWK");
    }
    List<KeyRing.VerificationKey> keys = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> described = new ArrayList<>();
    for (int i = 0; i < jwks.size(); i++) {
      JsonNode jwk = jwks.get(i);
      String name = source + " key " + (i + 1) + kidText(jwk);
      if (!jwk.isObject()) {
        throw new InvalidKeyFileException(name + " is not a JSON object");
      }
      String skip = unusableReason(jwk);
      if (skip != null) {
        warnings.add(name + " is skipped: " + skip);
        continue;
      }
      if (jwk.has("d")) {
        warnings.add(name + " holds private key material (\"d\"); publish only the public part");
      }
      List<Algorithm> algorithms = algorithms(name, jwk, warnings);
      if (jwk.hasNonNull("alg")) {
        String alg = jwk.get("alg").asText();
        algorithms = algorithms.stream().filter(a -> a.getName().equals(alg)).toList();
        if (algorithms.isEmpty()) {
          throw new InvalidKeyFileException(
              name + " has alg " + alg + ", which does not fit its key type " + text(jwk, "kty"));
        }
      }
      String kid = jwk.hasNonNull("kid") ? jwk.get("kid").asText() : null;
      keys.addAll(KeyRing.keys(kid, algorithms, leeway, clock));
      described.add(text(jwk, "kty") + kidText(jwk));
    }
    if (keys.isEmpty()) {
      throw new InvalidKeyFileException(
          source
              + " has no usable signing key (want kty RSA, EC on P-256/P-384/P-521, or oct)"
              + (warnings.isEmpty() ? "" : ": " + String.join("; ", warnings)));
    }
    return new KeyRing("JWKS with " + String.join(", ", described), keys, true, warnings);
  }

  /** Why a well-formed key is not for verifying signatures here, or null when it is. */
  private static String unusableReason(JsonNode jwk) {
    if (jwk.hasNonNull("use") && !jwk.get("use").asText().equals("sig")) {
      return "its use is \"" + jwk.get("use").asText() + "\", not \"sig\"";
    }
    JsonNode ops = jwk.get("key_ops");
    if (ops != null && ops.isArray()) {
      boolean verify = false;
      for (JsonNode op : ops) {
        verify |= op.asText().equals("verify");
      }
      if (!verify) {
        return "its key_ops do not include \"verify\"";
      }
    }
    String kty = jwk.path("kty").asText("");
    return switch (kty) {
      case "RSA", "oct" -> null;
      case "EC" ->
          CURVES.containsKey(jwk.path("crv").asText(""))
              ? null
              : "curve \""
                  + jwk.path("crv").asText("")
                  + "\" is not supported (P-256, P-384, P-521)";
      case "OKP" -> "EdDSA (OKP) keys are not supported";
      default -> "key type \"" + kty + "\" is not supported (RSA, EC, oct)";
    };
  }

  private static List<Algorithm> algorithms(String name, JsonNode jwk, List<String> warnings)
      throws InvalidKeyFileException {
    return switch (jwk.get("kty").asText()) {
      case "RSA" -> {
        RSAPublicKey key = rsa(name, jwk);
        warnings.addAll(KeyRing.rsaWarnings(name, key));
        yield KeyRing.rsaAlgorithms(key);
      }
      case "EC" -> List.of(ecAlgorithm(name, jwk));
      default -> {
        byte[] secret = bytes(name, jwk, "k");
        if (secret.length == 0) {
          throw new InvalidKeyFileException(name + ": \"k\" is empty");
        }
        warnings.addAll(KeyRing.hmacWarnings(name, secret));
        yield KeyRing.hmacAlgorithms(secret);
      }
    };
  }

  private static RSAPublicKey rsa(String name, JsonNode jwk) throws InvalidKeyFileException {
    BigInteger n = new BigInteger(1, bytes(name, jwk, "n"));
    BigInteger e = new BigInteger(1, bytes(name, jwk, "e"));
    if (n.signum() == 0 || e.signum() == 0) {
      throw new InvalidKeyFileException(name + ": \"n\" and \"e\" must not be zero");
    }
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    } catch (GeneralSecurityException x) {
      throw new InvalidKeyFileException(name + " is not a valid RSA key: " + x.getMessage(), x);
    }
  }

  private static Algorithm ecAlgorithm(String name, JsonNode jwk) throws InvalidKeyFileException {
    String[] curve = CURVES.get(jwk.get("crv").asText());
    BigInteger x = new BigInteger(1, bytes(name, jwk, "x"));
    BigInteger y = new BigInteger(1, bytes(name, jwk, "y"));
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(curve[0]));
      ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
      if (!onCurve(spec, x, y)) {
        throw new InvalidKeyFileException(
            name + ": (x, y) is not a point on " + jwk.get("crv").asText());
      }
      ECPublicKey key =
          (ECPublicKey)
              KeyFactory.getInstance("EC")
                  .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
      return switch (curve[1]) {
        case "ES256" -> Algorithm.ECDSA256(key, null);
        case "ES384" -> Algorithm.ECDSA384(key, null);
        default -> Algorithm.ECDSA512(key, null);
      };
    } catch (GeneralSecurityException e) {
      throw new InvalidKeyFileException(name + " is not a valid EC key: " + e.getMessage(), e);
    }
  }

  /**
   * y² = x³ + ax + b (mod p): the JDK's key factory does not check it, and a key off its curve is
   * never one an identity provider published.
   */
  private static boolean onCurve(ECParameterSpec spec, BigInteger x, BigInteger y) {
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger right =
        x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
    return y.pow(2).mod(p).equals(right);
  }

  private static byte[] bytes(String name, JsonNode jwk, String member)
      throws InvalidKeyFileException {
    JsonNode value = jwk.get(member);
    if (value == null || !value.isTextual()) {
      throw new InvalidKeyFileException(name + " has no \"" + member + "\" string");
    }
    try {
      return Base64.getUrlDecoder().decode(value.asText());
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyFileException(
          name + ": \"" + member + "\" is not base64url: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode jwk, String member) {
    return jwk.path(member).asText("?");
  }

  private static String kidText(JsonNode jwk) {
    return jwk.hasNonNull("kid") ? " (kid \"" + jwk.get("kid").asText() + "\")" : "";
  }
}
