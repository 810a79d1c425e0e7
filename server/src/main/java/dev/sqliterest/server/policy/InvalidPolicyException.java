package dev.sqliterest.server.policy;

import java.io.IOException;

/** A policy file that cannot be used; the message names the file and the offending YAML path. */
public final class InvalidPolicyException extends IOException {

  public InvalidPolicyException(String message) {
    super(message);
  }

  public InvalidPolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
