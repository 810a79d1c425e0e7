package dev.sqliterest.server.cli;

import dev.sqliterest.server.migrate.MigrationException;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/**
 * The {@code --db-dsn} option of the migrate commands, and opening the database it names.
 *
 * <p>Until the server's DSN parser lands, a DSN is a file path, optionally prefixed {@code file:}
 * and followed by a {@code ?query} (mattn/go-sqlite3 style, e.g. {@code
 * ./db.sqlite3?_journal_mode=WAL}); the query is ignored. The database is created when missing, as
 * golang-migrate does.
 */
final class MigrateDsnOption {

  @Option(
      names = "--db-dsn",
      paramLabel = "DSN",
      defaultValue = "${env:SQLITEREST_DB_DSN}",
      description = "Database to migrate, e.g. ./db.sqlite3. Env: SQLITEREST_DB_DSN.")
  String dsn;

  /** Work to do on the opened database; returns the exit code. */
  @FunctionalInterface
  interface Work {
    int run(Database database) throws MigrationException;
  }

  /** Opens the database, runs {@code work}, closes it; errors become a message and exit code 1. */
  int run(PrintWriter err, Work work) {
    if (dsn == null || dsn.isBlank()) {
      err.println("migrate: --db-dsn (or SQLITEREST_DB_DSN) is required");
      return MigrateCommand.EXIT_USAGE;
    }
    Path path = path(dsn);
    if (path.toString().equals(":memory:")) {
      err.println("migrate: --db-dsn :memory: would migrate a database that vanishes on exit");
      return MigrateCommand.EXIT_USAGE;
    }
    try (Database database =
        Database.open(DatabaseOptions.defaults(path).withCreate(true).withReaders(1))) {
      return work.run(database);
    } catch (MigrationException e) {
      err.println("migrate: " + e.getMessage());
      return MigrateCommand.EXIT_FAILED;
    } catch (SQLException e) {
      err.println("migrate: open database " + path + ": " + e.getMessage());
      return MigrateCommand.EXIT_FAILED;
    }
  }

  static Path path(String dsn) {
    String s = dsn.startsWith("file:") ? dsn.substring("file:".length()) : dsn;
    int query = s.indexOf('?');
    return Path.of(query < 0 ? s : s.substring(0, query));
  }
}
