/**
 * SQLite access shared by the REST and replication engines: opening a database with the project's
 * pragmas, one dedicated writer thread, a pool of read-only connections and commit listeners. Uses
 * only the JDBC driver; knows nothing of HTTP, JSON, LTX or replicas.
 */
package dev.sqliterest.sqlite;
