package dev.sqliterest.server.cli;

import dev.sqliterest.server.config.ConfigException;
import dev.sqliterest.server.migrate.Migrator;
import dev.sqliterest.server.migrate.SchemaVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sqlite-rest migrate force V}: records version V as applied and clean without running
 * anything, to recover from a dirty database once its schema was fixed by hand.
 */
@Command(
    name = "force",
    mixinStandardHelpOptions = true,
    description =
        "Set the migration version to V and clear the dirty flag, running nothing."
            + " V = none (or -1) means no migration applied.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  # migration 3 failed and was rolled back: the schema is still at version 2",
      "  sqlite-rest migrate force --db-dsn ./books.db 2",
      "  sqlite-rest migrate force --db-dsn ./books.db none   # as if nothing was applied",
      "",
      "Exit codes: 0 ok, 1 the database cannot be opened, 2 bad usage."
    })
public final class MigrateForceCommand implements Callable<Integer> {

  @Mixin MigrateDsnOption dsn;

  @Parameters(index = "0", paramLabel = "V", description = "Version to record, or none.")
  String version;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    long v;
    try {
      v = version.equalsIgnoreCase("none") ? SchemaVersion.NIL : Long.parseLong(version);
    } catch (NumberFormatException e) {
      throw new ConfigException("V must be a version number or none, got \"" + version + "\"", e);
    }
    return dsn.run(
        spec,
        database -> {
          Migrator migrator = new Migrator(database, s -> {});
          migrator.force(v);
          spec.commandLine().getOut().println("forced; version " + migrator.version());
          return ExitCodes.OK;
        });
  }
}
