/**
 * Reads SQLite WAL files: header and frame parsing, salt and cumulative checksum validation in both
 * byte orders, committed-transaction boundaries and WAL restart detection. JDK only; knows nothing
 * of LTX or replicas.
 */
package dev.sqliterest.replication.wal;
