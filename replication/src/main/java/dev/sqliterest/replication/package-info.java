/**
 * The replication engine in Litestream's vocabulary: {@link dev.sqliterest.replication.Store} runs
 * one {@link dev.sqliterest.replication.ReplicatedDatabase} (Litestream's DB: WAL to local L0
 * files, checkpoints), one {@link dev.sqliterest.replication.Replica} (uploads, remote position)
 * and the {@link dev.sqliterest.replication.Compactor} (levels, snapshots, retention). It may use
 * every package below it ({@code wal}, {@code client}, {@code ltx}, {@code sqlite}); none of them
 * uses it.
 */
package dev.sqliterest.replication;
