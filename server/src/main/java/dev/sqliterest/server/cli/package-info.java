/**
 * The command line (picocli): one class per verb, global flags on {@link
 * dev.sqliterest.server.cli.SqliteRestCommand}, {@code SQLITEREST_*} environment mirrors for every
 * flag, and exit codes in {@link dev.sqliterest.server.cli.ExitCodes}. The only package that
 * imports picocli.
 */
package dev.sqliterest.server.cli;
