/**
 * Schema migrations in golang-migrate's file layout and state table, so a database migrated by
 * sqlite-rest (Go) continues here. Uses {@code dev.sqliterest.sqlite.Database} and the JDK only.
 */
package dev.sqliterest.server.migrate;
