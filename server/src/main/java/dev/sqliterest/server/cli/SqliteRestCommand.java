package dev.sqliterest.server.cli;

import dev.sqliterest.server.config.LogFormat;
import dev.sqliterest.server.config.LogSettings;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

  /**
   * The verbs, in the order {@code --help} lists them. {@link Cli} adds them to the command line
   * itself: only the one a command line runs, when it names one first.
   */
  static final List<Class<?>> VERBS =
      List.of(
          ServeCommand.class,
          DemoCommand.class,
          RestoreCommand.class,
          MigrateCommand.class,
          LtxCommand.class);

  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--log-level",
      scope = ScopeType.INHERIT,
      paramLabel = "N",
      description =
          "Log verbosity as in sqlite-rest (higher logs more): <=-2 error, -1 warn, 0-7 "
              + "info, 8-9 debug, >=10 trace. Default: 5 (demo: warnings and one line per "
              + "request).")
  Integer logLevel;

  @Option(
      names = "--log-format",
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      defaultValue = "auto",
      description =
          "json (one JSON object per line), text (human-readable lines) or auto: text when"
              + " the output is a terminal, json when it goes to a pipe, a file or a log"
              + " collector. Default: ${DEFAULT-VALUE}.")
  LogFormatOption logFormat = LogFormatOption.AUTO;

  @Option(
      names = "--log-devel",
      scope = ScopeType.INHERIT,
      description = "The same as --log-format text (sqlite-rest's flag).")
  boolean logDevel;

  /** The values of {@code --log-format}. */
  enum LogFormatOption {
    AUTO,
    JSON,
    TEXT;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  SqliteRestCommand(CliContext context) {
    this.context = context;
  }

  CliContext context() {
    return context;
  }

  /**
   * The log settings for running {@code command}: the format asked for, else text on a terminal and
   * JSON elsewhere; the demo without {@code --log-level} logs warnings and requests only.
   */
  LogSettings logSettings(Object command, boolean interactive) {
    if (logDevel && logFormat == LogFormatOption.JSON) {
      throw new ParameterException(
          spec.commandLine(), "--log-devel means --log-format text: give one of the two");
    }
    Optional<LogFormat> asked =
        switch (logDevel ? LogFormatOption.TEXT : logFormat) {
          case AUTO -> Optional.empty();
          case JSON -> Optional.of(LogFormat.JSON);
          case TEXT -> Optional.of(LogFormat.TEXT);
        };
    return new LogSettings(
        logLevel == null ? LogSettings.DEFAULT_LEVEL : logLevel,
        LogFormat.choose(asked, interactive),
        interactive,
        logLevel == null && command instanceof DemoCommand);
  }

  @Override
  public void run() {
    spec.commandLine().usage(context.out());
  }
}
