package dev.sqliterest.server.cli;

import dev.sqliterest.server.config.ConfigException;
import dev.sqliterest.server.migrate.Direction;
import dev.sqliterest.server.migrate.MigrationDirectory;
import dev.sqliterest.server.migrate.MigrationStep;
import dev.sqliterest.server.migrate.Migrator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sqlite-rest migrate --db-dsn X [--direction up|down] [--step N] DIR}: applies
 * golang-migrate style migrations, keeping their state in {@code __sqlite_rest_migrations}
 * (compatible with sqlite-rest's Go binary). {@code --direction}/{@code --step} are documented by
 * sqlite-rest but never wired there; here they work.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Apply database migrations from DIR: files named <version>_<title>.up.sql / .down.sql"
          + " (golang-migrate layout), state in table __sqlite_rest_migrations.",
      "Each migration runs in one transaction; a failure marks the database dirty"
          + " (fix it, then `migrate force V`)."
    },
    subcommands = {MigrateVersionCommand.class, MigrateForceCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  # apply every pending up migration",
      "  sqlite-rest migrate --db-dsn ./books.db ./migrations",
      "  # roll back the newest applied migration",
      "  sqlite-rest migrate --db-dsn ./books.db --direction down --step 1 ./migrations",
      "  sqlite-rest migrate version --db-dsn ./books.db",
      "  # after a failed migration (dirty): fix the schema or file, record the real version",
      "  sqlite-rest migrate force --db-dsn ./books.db 2",
      "  SQLITEREST_DB_DSN=./books.db SQLITEREST_MIGRATIONS_DIR=./migrations sqlite-rest migrate",
      "",
      "Exit codes: 0 ok (also when nothing was left to do), 1 a migration failed or the"
          + " database cannot be opened, 2 bad usage."
    })
public final class MigrateCommand implements Callable<Integer> {

  @Mixin MigrateDsnOption dsn;

  @Option(
      names = "--direction",
      paramLabel = "up|down",
      defaultValue = "up",
      description = "up (default) or down.")
  String direction;

  @Option(
      names = "--step",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "How many migrations to apply or roll back; 0 or less means all (default)." + "")
  int step;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      defaultValue = "${env:SQLITEREST_MIGRATIONS_DIR}",
      description = "Directory of migration files. Env: SQLITEREST_MIGRATIONS_DIR.")
  Path dir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (dir == null) {
      err.println(spec.qualifiedName() + ": missing the migrations directory (DIR)");
      spec.commandLine().usage(err);
      return ExitCodes.USAGE;
    }
    Direction d;
    switch (direction.toLowerCase(Locale.ROOT)) {
      case "up" -> d = Direction.UP;
      case "down" -> d = Direction.DOWN;
      default ->
          throw new ConfigException("--direction must be up or down, got \"" + direction + "\"");
    }
    return dsn.run(
        spec,
        database -> {
          MigrationDirectory migrations = MigrationDirectory.scan(dir);
          for (String name : migrations.ignored()) {
            err.println(
                spec.qualifiedName()
                    + ": ignoring "
                    + name
                    + " (not <version>_<title>.up.<ext> or .down.<ext>)");
          }
          Migrator migrator = new Migrator(database, out::println);
          List<MigrationStep> done =
              d == Direction.UP ? migrator.up(migrations, step) : migrator.down(migrations, step);
          out.println(
              done.isEmpty()
                  ? "no change; version " + migrator.version()
                  : "done; version " + migrator.version());
          return ExitCodes.OK;
        });
  }
}
