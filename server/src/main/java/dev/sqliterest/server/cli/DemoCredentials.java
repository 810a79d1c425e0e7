package dev.sqliterest.server.cli;

import dev.sqliterest.server.auth.HmacTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The demo's HMAC secret (kept in {@code demo/jwt-secret}) and a token signed with it. */
final class DemoCredentials {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCredentials.class);

  static final String SECRET_FILE = "jwt-secret";
  static final Duration TOKEN_LIFETIME = Duration.ofDays(30);

  private DemoCredentials() {}

  /** Returns the secret file, creating it with 32 random bytes (hex, no newline) if missing. */
  static Path ensureSecret(Path dir) throws IOException {
    Path file = dir.resolve(SECRET_FILE);
    if (Files.exists(file)) {
      return file;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    Files.createDirectories(dir);
    Files.writeString(file, HexFormat.of().formatHex(random), StandardOpenOption.CREATE_NEW);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      LOG.warn(
          "{}: this file system has no POSIX permissions, so the demo secret may be readable by"
              + " other users",
          file);
    }
    return file;
  }

  /** An HS256 token over the secret's raw bytes, role "demo", valid for 30 days. */
  static String token(Path secretFile, Instant now) throws IOException {
    return HmacTokens.sign(
        Files.readAllBytes(secretFile), "demo", "demo", now, now.plus(TOKEN_LIFETIME));
  }
}
