package dev.sqliterest.server.auth;

import java.io.IOException;

/** A key file exists but does not hold a usable key (bad PEM, wrong key type, empty secret). */
public final class InvalidKeyFileException extends IOException {

  public InvalidKeyFileException(String message) {
    super(message);
  }

  public InvalidKeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
