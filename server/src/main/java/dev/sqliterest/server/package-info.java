/**
 * The composition root of the executable: {@link dev.sqliterest.server.App} (start and shutdown
 * order) and the parts it is wired from. Its subpackages may use it (the entry point, {@code
 * cli.Main}, starts it); it never uses {@code cli}; the engines (rest, replication, sqlite) never
 * use it.
 */
package dev.sqliterest.server;
