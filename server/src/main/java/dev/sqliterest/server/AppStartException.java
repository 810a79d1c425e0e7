package dev.sqliterest.server;

/**
 * The server could not start: the database cannot be opened, a port cannot be bound, a key file is
 * unusable. The message says which and is printed as the one-line error of {@code serve}.
 */
public final class AppStartException extends Exception {

  public AppStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
