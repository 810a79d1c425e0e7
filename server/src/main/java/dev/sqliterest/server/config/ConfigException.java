package dev.sqliterest.server.config;

/**
 * A configuration value that cannot be used; the message names the flag and says what to change, so
 * the CLI can print it as the one-line error.
 */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
