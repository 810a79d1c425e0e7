/**
 * The composition root of the executable: {@link dev.sqliterest.server.Main}, {@link
 * dev.sqliterest.server.App} (start and shutdown order) and the parts it is wired from. Its
 * subpackages may use it; the engines (rest, replication, sqlite) never do.
 */
package dev.sqliterest.server;
