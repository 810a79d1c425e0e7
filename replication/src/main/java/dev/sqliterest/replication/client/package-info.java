/**
 * The replica storage contract ({@link dev.sqliterest.replication.client.ReplicaClient}: list,
 * open, write and delete LTX files by level and TXID range, plus read-only access to legacy v0.3
 * backups), replica URL parsing and the scheme registry. Depends on the JDK and {@code ltx} only.
 */
package dev.sqliterest.replication.client;
