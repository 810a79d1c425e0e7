package dev.sqliterest.replication;

/**
 * Receives {@link ReplicationEvent}s on the engine's threads. Implementations must be fast and must
 * not throw (an exception is caught and dropped so it cannot stop replication).
 */
@FunctionalInterface
public interface ReplicationListener {

  ReplicationListener NONE = event -> {};

  void on(ReplicationEvent event);

  /**
   * An event of one replica's uploads, snapshots, compaction or retention, with its URL (the
   * metrics' {@code replica} label); by default the same as {@link #on(ReplicationEvent)}.
   */
  default void on(String replicaUrl, ReplicationEvent event) {
    on(event);
  }
}
