package dev.sqliterest.server.migrate;

import java.util.Optional;

/**
 * A migration run could not be done; the message says what to do about it. When the way out is
 * {@code migrate force}, {@link #forceVersion} names the version to force ({@code "V"} when only
 * the operator can tell), so the command line can print the exact next command with its DSN.
 */
public final class MigrationException extends Exception {

  private final String forceVersion;

  public MigrationException(String message) {
    this(message, null, null);
  }

  public MigrationException(String message, Throwable cause) {
    this(message, null, cause);
  }

  public MigrationException(String message, String forceVersion, Throwable cause) {
    super(message, cause);
    this.forceVersion = forceVersion;
  }

  /** The version argument of the {@code migrate force} that recovers, if that is the way out. */
  public Optional<String> forceVersion() {
    return Optional.ofNullable(forceVersion);
  }
}
