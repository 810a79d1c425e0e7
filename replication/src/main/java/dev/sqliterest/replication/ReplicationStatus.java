package dev.sqliterest.replication;

import java.time.Duration;
import java.time.Instant;

/**
 * A point-in-time view of the engine for gauges and readiness.
 *
 * @param localTxid newest TXID written locally (L0 in the meta directory)
 * @param replicaTxid newest TXID known to be on the replica (0 when unknown or empty)
 * @param lag age of the oldest committed change not yet on the replica; zero when caught up
 * @param lastSnapshot when the newest level-9 snapshot was written (null when none is known)
 * @param healthy false while uploads to the replica are failing
 * @param running false once stopped
 */
public record ReplicationStatus(
    long localTxid,
    long replicaTxid,
    Duration lag,
    Instant lastSnapshot,
    boolean healthy,
    boolean running) {}
