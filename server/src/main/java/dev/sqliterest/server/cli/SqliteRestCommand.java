package dev.sqliterest.server.cli;

import dev.sqliterest.server.config.LogSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root {@code sqlite-rest} command: global flags and the list of verbs. */
@Command(
    name = "sqlite-rest",
    mixinStandardHelpOptions = true,
    version = "sqlite-rest 0.1.0-SNAPSHOT",
    sortOptions = false,
    description = {
      "Serve a SQLite database over a PostgREST-compatible REST API, with",
      "Litestream-compatible replication built in."
    },
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      RestoreCommand.class,
      MigrateCommand.class,
      LtxCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sqlite-rest demo                     # example bookstore on :8080, prints a token",
      "  sqlite-rest serve --db-dsn ./books.db --auth-token-file ./secret \\",
      "      --security-allow-table books,authors",
      "  sqlite-rest serve --help             # every serve flag with its default",
      "",
      "Exit codes: 0 ok (also after SIGTERM/SIGINT), 1 failed, 2 bad usage."
    })
public final class SqliteRestCommand implements Runnable {

  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--log-level",
      scope = ScopeType.INHERIT,
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Log verbosity as in sqlite-rest (higher logs more): <=-2 error, -1 warn, 0-7 "
              + "info, 8-9 debug, >=10 trace. Default: ${DEFAULT-VALUE}.")
  int logLevel = LogSettings.DEFAULT_LEVEL;

  @Option(
      names = "--log-devel",
      scope = ScopeType.INHERIT,
      description = "Human-readable log lines instead of one JSON object per line.")
  boolean logDevel;

  SqliteRestCommand(CliContext context) {
    this.context = context;
  }

  CliContext context() {
    return context;
  }

  LogSettings logSettings() {
    return new LogSettings(logLevel, logDevel);
  }

  @Override
  public void run() {
    spec.commandLine().usage(context.out());
  }
}
