package dev.sqliterest.replication;

import java.time.Duration;
import java.time.Instant;

/**
 * Something the engine did or failed to do. The server's metrics and log sinks subscribe through a
 * {@link ReplicationListener}; the engine itself imports no metrics library.
 *
 * <p>Metric mapping (see {@code docs/REPLICATION.md}): {@link Uploaded#bytes} and {@link
 * Compacted#bytes}/{@link SnapshotWritten#bytes} feed {@code
 * sqlite_rest_replication_bytes_replicated_total}; {@link Failed#operation} labels {@code
 * sqlite_rest_replication_errors_total}; {@link SnapshotWritten#timestamp} sets {@code
 * sqlite_rest_replication_last_snapshot_timestamp}; lag and TXIDs come from {@link Store#status()}.
 */
public sealed interface ReplicationEvent {

  /** Operations that can fail; the {@code operation} label of the error counter. */
  enum Operation {
    START("start"),
    SYNC("sync"),
    UPLOAD("upload"),
    CHECKPOINT("checkpoint"),
    SNAPSHOT("snapshot"),
    COMPACTION("compaction"),
    RETENTION("retention"),
    /** A follower's poll, download or apply. */
    FOLLOW("follow");

    private final String label;

    Operation(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Replication started: positions found at start-up. */
  record Started(String replicaUrl, long localTxid, long replicaTxid) implements ReplicationEvent {}

  /** Replication stopped; {@code flushed} is true when the replica had every local TXID. */
  record Stopped(String replicaUrl, long localTxid, long replicaTxid, boolean flushed)
      implements ReplicationEvent {}

  /** A local L0 file was written from the WAL; {@code full} when it holds every page. */
  record Synced(long txid, int pages, long walBytes, boolean full) implements ReplicationEvent {}

  /** A local L0 file reached the replica. */
  record Uploaded(long txid, long bytes) implements ReplicationEvent {}

  /** A level-9 snapshot was written to the replica. */
  record SnapshotWritten(long maxTxid, long bytes, Instant timestamp) implements ReplicationEvent {}

  /** Files of {@code level - 1} were merged into one file of {@code level}. */
  record Compacted(int level, long minTxid, long maxTxid, int inputs, long bytes)
      implements ReplicationEvent {}

  /** Retention deleted {@code files} files of {@code level}. */
  record RetentionApplied(int level, int files) implements ReplicationEvent {}

  /** The engine checkpointed the WAL. */
  record Checkpointed(String mode, int logFrames, int checkpointedFrames, boolean busy)
      implements ReplicationEvent {}

  /**
   * An operation failed; it is retried after {@code retryIn}. {@code consecutive} counts failures
   * of this operation since its last success.
   */
  record Failed(Operation operation, Exception cause, int consecutive, Duration retryIn)
      implements ReplicationEvent {}

  /**
   * A follower applied {@code files} files ({@code bytes} downloaded) and is now at {@code txid};
   * {@code restored} when they rebuilt the database from a snapshot.
   */
  record Followed(long txid, int files, long bytes, boolean restored) implements ReplicationEvent {}

  /** An operation succeeded again after {@code failures} failures. */
  record Recovered(Operation operation, int failures) implements ReplicationEvent {}
}
