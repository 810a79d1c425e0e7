package dev.sqliterest.server.cli;

import dev.sqliterest.server.config.ConfigException;
import dev.sqliterest.server.config.DatabaseDsn;
import dev.sqliterest.server.migrate.MigrationException;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.PrintWriter;
import java.sql.SQLException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The {@code --db-dsn} option of the migrate commands, and opening the database it names. The DSN
 * is parsed like {@code serve}'s ({@link DatabaseDsn}: mattn/go-sqlite3 style, e.g. {@code
 * ./db.sqlite3?_journal_mode=WAL}); the database is created when missing, as golang-migrate does.
 */
final class MigrateDsnOption {

  @Option(
      names = "--db-dsn",
      paramLabel = "DSN",
      description = "Database to migrate, e.g. ./db.sqlite3.")
  String dsn;

  /** Work to do on the opened database; returns the exit code. */
  @FunctionalInterface
  interface Work {
    int run(Database database) throws MigrationException;
  }

  /**
   * Opens the database, runs {@code work}, closes it. A bad DSN is a usage error (exit 2); a failed
   * migration or an unopenable database exit 1 with the message on {@code command}'s stderr,
   * prefixed with the command's name, and, when {@code migrate force} is the way out, the exact
   * command to run next.
   */
  int run(CommandSpec command, Work work) {
    PrintWriter err = command.commandLine().getErr();
    String name = command.qualifiedName();
    if (dsn == null || dsn.isBlank()) {
      err.println(name + ": --db-dsn (or SQLITEREST_DB_DSN) is required");
      return ExitCodes.USAGE;
    }
    DatabaseOptions options;
    try {
      options = DatabaseDsn.parse(dsn, true).withReaders(1);
    } catch (ConfigException e) {
      err.println(Cli.usageError(name, e.getMessage()));
      return ExitCodes.USAGE;
    }
    try (Database database = Database.open(options)) {
      return work.run(database);
    } catch (MigrationException e) {
      err.println(name + ": " + e.getMessage());
      e.forceVersion()
          .ifPresent(
              v ->
                  err.println(
                      "next: sqlite-rest migrate force --db-dsn "
                          + shellWord(dsn)
                          + " "
                          + v
                          + (v.equals("V") ? "   # V: the version the schema is really at" : "")
                          + ", then run the migrate again"));
      return ExitCodes.FAILURE;
    } catch (SQLException e) {
      err.println(name + ": open database " + options.path() + ": " + e.getMessage());
      return ExitCodes.FAILURE;
    }
  }

  /** {@code word} as one shell word: as is when it is plain, otherwise single-quoted. */
  static String shellWord(String word) {
    return word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
