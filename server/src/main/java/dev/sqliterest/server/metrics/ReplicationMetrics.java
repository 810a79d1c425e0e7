package dev.sqliterest.server.metrics;

import dev.sqliterest.replication.FollowStatus;
import dev.sqliterest.replication.ReplicationEvent;
import dev.sqliterest.replication.ReplicationListener;
import dev.sqliterest.replication.ReplicationStatus;

/**
 * Publishes the replication engine's events and status as the {@code sqlite_rest_replication_*}
 * metrics (names and labels: docs/REPLICATION.md, "Metrics").
 */
public final class ReplicationMetrics implements ReplicationListener {

  private final LabeledCounter bytes;
  private final LabeledCounter errors;
  private final LabeledGauge lastSnapshot;
  private final LabeledGauge lag;
  private final LabeledGauge txid;

  public ReplicationMetrics(Metrics metrics) {
    bytes =
        metrics.counter(
            "sqlite_rest_replication_bytes_replicated_total",
            "Bytes uploaded to the replica (L0 files, snapshots, compactions).");
    errors =
        metrics.counter(
            "sqlite_rest_replication_errors_total",
            "Replication failures by operation.",
            "operation");
    lastSnapshot =
        metrics.gauge(
            "sqlite_rest_replication_last_snapshot_timestamp",
            "Unix time (seconds) of the newest level-9 snapshot.");
    lag =
        metrics.gauge(
            "sqlite_rest_replication_lag_seconds",
            "Primary: age of the oldest committed change not yet on the replica, 0 when caught"
                + " up. Follower: time since it last had every file the replica had.");
    txid =
        metrics.gauge(
            "sqlite_rest_replication_txid",
            "Newest TXID written (primary) or applied (follower) locally, or known on the replica.",
            "position");
    for (ReplicationEvent.Operation op : ReplicationEvent.Operation.values()) {
      errors.inc(0, op.label()); // every series exists from the first scrape
    }
  }

  @Override
  public void on(ReplicationEvent event) {
    switch (event) {
      case ReplicationEvent.Uploaded u -> bytes.inc(u.bytes());
      case ReplicationEvent.SnapshotWritten s -> {
        bytes.inc(s.bytes());
        lastSnapshot.set(s.timestamp().toEpochMilli() / 1000.0);
      }
      case ReplicationEvent.Compacted c -> bytes.inc(c.bytes());
      case ReplicationEvent.Failed f -> errors.inc(f.operation().label());
      default -> {}
    }
  }

  /** Refreshes the gauges from a follower's status (lag grows with time, not with events). */
  public void update(FollowStatus status) {
    lag.set(status.lag().toNanos() / 1e9);
    txid.set(status.txid(), "local");
    txid.set(status.replicaTxid(), "replica");
  }

  /** Refreshes the gauges from the engine's status (lag grows with time, not with events). */
  public void update(ReplicationStatus status) {
    lag.set(status.lag().toNanos() / 1e9);
    txid.set(status.localTxid(), "local");
    txid.set(status.replicaTxid(), "replica");
    if (status.lastSnapshot() != null) {
      lastSnapshot.set(status.lastSnapshot().toEpochMilli() / 1000.0);
    }
  }
}
