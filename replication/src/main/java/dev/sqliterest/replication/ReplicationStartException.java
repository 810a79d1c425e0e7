package dev.sqliterest.replication;

import java.io.IOException;

/**
 * Replication could not start: the replica is unreachable or unwritable, or the database unusable.
 */
public final class ReplicationStartException extends IOException {

  private static final long serialVersionUID = 1L;

  private final boolean replicaUnusable;

  public ReplicationStartException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param replicaUnusable the replica failed (degraded mode would have started), not the local
   *     database or its replication state
   */
  public ReplicationStartException(String message, Throwable cause, boolean replicaUnusable) {
    super(message, cause);
    this.replicaUnusable = replicaUnusable;
  }

  /** True when the replica failed, so starting in degraded mode is an option. */
  public boolean replicaUnusable() {
    return replicaUnusable;
  }
}
