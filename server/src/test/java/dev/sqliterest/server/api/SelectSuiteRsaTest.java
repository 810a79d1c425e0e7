package dev.sqliterest.server.api;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.sqliterest.server.auth.AuthOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * sqlite-rest's context R: a fresh 1024-bit RSA key (PEM {@code PUBLIC KEY}), a token that is RS256
 * over empty claims.
 */
final class SelectSuiteRsaTest extends SqliteRestSelectSuite {

  @Override
  LiveServer start(Path dir) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    KeyPair keys = generator.generateKeyPair();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    Path key = Files.writeString(dir.resolve("key.pem"), pem);
    String token =
        JWT.create()
            .sign(
                Algorithm.RSA256(
                    (RSAPublicKey) keys.getPublic(), (RSAPrivateKey) keys.getPrivate()));
    return LiveServer.withAuth(dir, ALLOWED, AuthOptions.rsa(key), token);
  }
}
