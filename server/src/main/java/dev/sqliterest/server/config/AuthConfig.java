package dev.sqliterest.server.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How API requests are authenticated: sqlite-rest's two key sources (exactly one of them), or
 * nothing at all for local use.
 */
public sealed interface AuthConfig {

  /** No authentication: every request is anonymous. Only for local use; serve warns loudly. */
  record Disabled() implements AuthConfig {}

  /** HS256/384/512 tokens verified with the raw bytes of a secret file. */
  record HmacSecretFile(Path path) implements AuthConfig {}

  /** RS256/384/512 tokens verified with a PEM RSA public key. */
  record RsaPublicKeyFile(Path path) implements AuthConfig {}

  /**
   * Validates the three auth flags together.
   *
   * @param tokenFile {@code --auth-token-file}, or null
   * @param rsaPublicKey {@code --auth-rsa-public-key}, or null
   * @param disabled {@code --auth-disabled}
   */
  static AuthConfig of(Path tokenFile, Path rsaPublicKey, boolean disabled) {
    if (disabled) {
      if (tokenFile != null || rsaPublicKey != null) {
        throw new ConfigException(
            "--auth-disabled cannot be combined with --auth-token-file or --auth-rsa-public-key");
      }
      return new Disabled();
    }
    if (tokenFile != null && rsaPublicKey != null) {
      throw new ConfigException(
          "use only one of --auth-token-file (HMAC secret) and --auth-rsa-public-key (RSA key)");
    }
    if (tokenFile == null && rsaPublicKey == null) {
      throw new ConfigException(
          "serve needs --auth-token-file (HMAC secret) or --auth-rsa-public-key (RSA public key);"
              + " for local use only, --auth-disabled turns authentication off");
    }
    if (tokenFile != null) {
      return new HmacSecretFile(requireReadable("--auth-token-file", tokenFile));
    }
    return new RsaPublicKeyFile(requireReadable("--auth-rsa-public-key", rsaPublicKey));
  }

  private static Path requireReadable(String flag, Path path) {
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new ConfigException(flag + ": cannot read file " + path);
    }
    return path;
  }
}
