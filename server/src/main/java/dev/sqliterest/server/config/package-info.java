/**
 * Validated, immutable configuration of the executable: listen addresses, the database DSN, auth,
 * the table allowlist, durations and sizes written the way sqlite-rest users write them. Every
 * parse failure is a {@link dev.sqliterest.server.config.ConfigException} naming the flag.
 */
package dev.sqliterest.server.config;
