/**
 * Restore: {@link dev.sqliterest.replication.restore.RestorePlanner} (pure: snapshot plus the
 * longest contiguous LTX chain up to a TXID or time) and the restorers that stream a plan (or a
 * legacy v0.3 backup) into a verified database file. Depends on {@code ltx}, {@code
 * replication.client} and the JDBC API (for SQLite's own checks) only.
 */
package dev.sqliterest.replication.restore;
