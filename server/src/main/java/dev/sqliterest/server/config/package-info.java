/**
 * Validated, immutable configuration of {@code serve} ({@link
 * dev.sqliterest.server.config.ServeConfig}) and the value syntaxes sqlite-rest users write:
 * mattn-style DSNs, Go-style listen addresses and durations, byte sizes, log verbosity. Every parse
 * failure is a {@link dev.sqliterest.server.config.ConfigException} naming the flag.
 */
package dev.sqliterest.server.config;
