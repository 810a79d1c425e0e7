package dev.sqliterest.server.metrics;

import dev.sqliterest.replication.FollowStatus;
import dev.sqliterest.replication.ReplicaState;
import dev.sqliterest.replication.ReplicationEvent;
import dev.sqliterest.replication.ReplicationListener;
import dev.sqliterest.replication.ReplicationStatus;
import java.util.List;

/**
 * Publishes the replication engine's events and status as the {@code sqlite_rest_replication_*}
 * metrics (names and labels: docs/REPLICATION.md, "Metrics"): totals over every replica, and the
 * {@code sqlite_rest_replication_replica_*} series per replica (label {@code replica}, its URL).
 */
public final class ReplicationMetrics implements ReplicationListener {

  private final LabeledCounter bytes;
  private final LabeledCounter errors;
  private final LabeledGauge lastSnapshot;
  private final LabeledGauge lag;
  private final LabeledGauge txid;
  private final LabeledCounter replicaBytes;
  private final LabeledCounter replicaErrors;
  private final LabeledGauge replicaTxid;
  private final LabeledGauge replicaHealthy;

  /** {@code replicaUrls}: every configured replica, so each series exists from the first scrape. */
  public ReplicationMetrics(Metrics metrics, List<String> replicaUrls) {
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
    replicaBytes =
        metrics.counter(
            "sqlite_rest_replication_replica_bytes_total",
            "Bytes uploaded to one replica (L0 files, snapshots, compactions).",
            "replica");
    replicaErrors =
        metrics.counter(
            "sqlite_rest_replication_replica_errors_total",
            "Failures of one replica's operations (start, upload, snapshot, compaction,"
                + " retention).",
            "replica",
            "operation");
    replicaTxid =
        metrics.gauge(
            "sqlite_rest_replication_replica_txid", "Newest TXID known on one replica.", "replica");
    replicaHealthy =
        metrics.gauge(
            "sqlite_rest_replication_replica_healthy",
            "1 while one replica takes uploads, 0 while they fail.",
            "replica");
    for (ReplicationEvent.Operation op : ReplicationEvent.Operation.values()) {
      errors.inc(0, op.label()); // every series exists from the first scrape
    }
    for (String url : replicaUrls) {
      replicaBytes.inc(0, url);
      for (ReplicationEvent.Operation op : ReplicationEvent.Operation.values()) {
        if (op != ReplicationEvent.Operation.SYNC && op != ReplicationEvent.Operation.CHECKPOINT) {
          replicaErrors.inc(0, url, op.label());
        }
      }
    }
  }

  /** An event of one replica: counted in the totals and in that replica's series. */
  @Override
  public void on(String replicaUrl, ReplicationEvent event) {
    on(event);
    switch (event) {
      case ReplicationEvent.Uploaded u -> replicaBytes.inc(u.bytes(), replicaUrl);
      case ReplicationEvent.SnapshotWritten s -> replicaBytes.inc(s.bytes(), replicaUrl);
      case ReplicationEvent.Compacted c -> replicaBytes.inc(c.bytes(), replicaUrl);
      case ReplicationEvent.Failed f -> replicaErrors.inc(replicaUrl, f.operation().label());
      default -> {}
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
  public void update(ReplicationStatus status, List<ReplicaState> replicas) {
    for (ReplicaState r : replicas) {
      replicaTxid.set(r.txid(), r.url());
      replicaHealthy.set(r.healthy() ? 1 : 0, r.url());
    }
    lag.set(status.lag().toNanos() / 1e9);
    txid.set(status.localTxid(), "local");
    txid.set(status.replicaTxid(), "replica");
    if (status.lastSnapshot() != null) {
      lastSnapshot.set(status.lastSnapshot().toEpochMilli() / 1000.0);
    }
  }
}
