package dev.sqliterest.replication;

/**
 * One replica's side of {@link Store#status()}.
 *
 * @param url the replica's URL, as in the logs and the metrics' {@code replica} label
 * @param txid the newest TXID known to be on it (kept while it is unreachable)
 * @param healthy false while its uploads (or its start) fail
 */
public record ReplicaState(String url, long txid, boolean healthy) {}
