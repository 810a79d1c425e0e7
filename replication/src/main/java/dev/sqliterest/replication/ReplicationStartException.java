package dev.sqliterest.replication;

import java.io.IOException;

/** Replication could not start: the replica is unreachable or unwritable, or the database unusable. */
public final class ReplicationStartException extends IOException {

  private static final long serialVersionUID = 1L;

  public ReplicationStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
