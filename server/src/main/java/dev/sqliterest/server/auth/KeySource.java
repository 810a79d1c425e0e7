package dev.sqliterest.server.auth;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the keys that verify tokens come from: exactly one file of one kind, re-read when it
 * changes.
 */
public record KeySource(Kind kind, Path file) {

  /** The kinds of key file, each with the flag that names it. */
  public enum Kind {
    /** {@code --auth-token-file}: an HMAC secret, the file's raw bytes (HS256/384/512). */
    HMAC_SECRET("--auth-token-file"),
    /** {@code --auth-rsa-public-key}: a PEM RSA public key (RS256/384/512, PS256/384/512). */
    RSA_PUBLIC_KEY("--auth-rsa-public-key"),
    /**
     * {@code --auth-jwks-file}: a JSON Web Key Set as identity providers publish it (RSA, EC and
     * symmetric keys, chosen by the token's {@code kid}).
     */
    JWKS("--auth-jwks-file");

    private final String flag;

    Kind(String flag) {
      this.flag = flag;
    }

    /** The command-line flag, for messages. */
    public String flag() {
      return flag;
    }
  }

  public KeySource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(file, "file");
  }

  public String flag() {
    return kind.flag();
  }
}
