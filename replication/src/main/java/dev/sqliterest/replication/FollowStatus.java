package dev.sqliterest.replication;

import java.time.Duration;

/**
 * A point-in-time view of a {@link Follower} for gauges and readiness.
 *
 * @param txid the TXID the local database is at (0 before the first restore)
 * @param replicaTxid the newest TXID seen on the replica
 * @param lag how long ago the follower last knew it had everything the replica had: the start of
 *     the last poll that left nothing to apply; it grows while files wait or polls fail
 * @param ready the follower has caught up with the replica at least once since it started
 * @param healthy the last poll (and apply) succeeded
 */
public record FollowStatus(
    long txid, long replicaTxid, Duration lag, boolean ready, boolean healthy) {}
