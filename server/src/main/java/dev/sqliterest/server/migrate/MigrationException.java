package dev.sqliterest.server.migrate;

/** A migration run could not be done; the message says what to do about it. */
public final class MigrationException extends Exception {

  public MigrationException(String message) {
    super(message);
  }

  public MigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
