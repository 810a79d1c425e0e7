package dev.sqliterest.server.cli;

import dev.sqliterest.server.migrate.Migrator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sqlite-rest migrate version}: prints the applied version, {@code none}, or {@code V
 * (dirty)}.
 */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print the current migration version (\"none\" when nothing was applied).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  sqlite-rest migrate version --db-dsn ./books.db       # prints e.g. 2, 3 (dirty), none",
      "  SQLITEREST_DB_DSN=./books.db sqlite-rest migrate version",
      "",
      "Exit codes: 0 ok, 1 the database cannot be opened, 2 bad usage."
    })
public final class MigrateVersionCommand implements Callable<Integer> {

  @Mixin MigrateDsnOption dsn;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return dsn.run(
        spec,
        database -> {
          spec.commandLine().getOut().println(new Migrator(database, s -> {}).version());
          return ExitCodes.OK;
        });
  }
}
