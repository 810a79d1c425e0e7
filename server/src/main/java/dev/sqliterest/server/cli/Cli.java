package dev.sqliterest.server.cli;

import dev.sqliterest.server.AppStartException;
import dev.sqliterest.server.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedCollection;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Builds and runs the {@code sqlite-rest} command line: environment defaults, the Environment help
 * section, logging set up from the global flags before any command runs, and every failure turned
 * into one line on stderr plus an exit code from {@link ExitCodes}.
 */
public final class Cli {

  /** Help text width: wide enough that defaults such as ":8080" are not split across lines. */
  static final int USAGE_WIDTH = 100;

  private Cli() {}

  /** Runs the real process's command line and returns its exit code. */
  public static int execute(String... args) {
    return execute(CliContext.ofProcess(), args);
  }

  /** Runs a command line in {@code context} and returns its exit code. */
  public static int execute(CliContext context, String... args) {
    CommandLine cl;
    try {
      cl = withConfigFile(context, args);
    } catch (ConfigException e) {
      context.err().println("sqlite-rest serve: " + e.getMessage());
      context.err().flush();
      return ExitCodes.USAGE;
    }
    return cl.execute(args);
  }

  /**
   * The command line for {@code args}: with {@code serve --config FILE} (or {@code
   * SQLITEREST_CONFIG}) the file's values become the options' defaults below the environment, so
   * the arguments are parsed once to find the file. A bad file is a {@link ConfigException}.
   *
   * <p>Building the command tree by reflection is the largest part of start-up, so the probe holds
   * only the verb that the arguments name, and it is returned when there is no file (picocli resets
   * every option before it parses again). The whole tree is built when the arguments run no verb
   * (the root's help lists them all) or are a usage error (reported as with every verb).
   */
  static CommandLine withConfigFile(CliContext context, String... args) {
    SequencedCollection<String> verbs = verbsNamed(args);
    CommandLine probe = commandLine(context, Map.of(), verbs);
    ParseResult parse;
    try {
      parse = probe.parseArgs(args);
    } catch (ParameterException e) {
      parse = null;
    }
    if (parse == null || parse.subcommand() == null) {
      return verbs.size() == SqliteRestCommand.VERBS.size() ? probe : commandLine(context);
    }
    Optional<Path> file = ConfigFile.of(parse);
    if (file.isEmpty()) {
      return probe;
    }
    CommandSpec serve = probe.getSubcommands().get("serve").getCommandSpec();
    return commandLine(context, ConfigFile.load(file.get(), context.environment(), serve), verbs);
  }

  /** The first argument that names a verb, alone; else every verb. */
  private static SequencedCollection<String> verbsNamed(String... args) {
    for (String arg : args) {
      if (SqliteRestCommand.VERBS.containsKey(arg)) {
        return List.of(arg);
      }
    }
    return SqliteRestCommand.VERBS.sequencedKeySet();
  }

  /** The configured command line with every verb; exposed so tests can inspect every option. */
  public static CommandLine commandLine(CliContext context) {
    return commandLine(context, Map.of(), SqliteRestCommand.VERBS.sequencedKeySet());
  }

  private static CommandLine commandLine(
      CliContext context,
      Map<String, ConfigFile.Setting> configFile,
      SequencedCollection<String> verbs) {
    SqliteRestCommand root = new SqliteRestCommand(context);
    CommandLine cl = new CommandLine(root);
    // before the settings below: picocli applies them to the subcommands present
    verbs.forEach(verb -> cl.addSubcommand(verb, SqliteRestCommand.VERBS.get(verb)));
    cl.setDefaultValueProvider(new EnvironmentDefaults(context.environment(), configFile));
    cl.setOut(context.out());
    cl.setErr(context.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setUsageHelpWidth(USAGE_WIDTH);
    cl.setExecutionStrategy(
        parse -> {
          if (!helpRequested(parse)) {
            // before any command logs; --help needs no logging
            root.logSettings(leaf(parse).commandSpec().userObject(), Terminal.isInteractive())
                .apply();
          }
          return new CommandLine.RunLast().execute(parse);
        });
    cl.setParameterExceptionHandler(Cli::onBadUsage);
    cl.setExecutionExceptionHandler(Cli::onFailure);
    EnvironmentHelpSection.install(cl);
    return cl;
  }

  private static ParseResult leaf(ParseResult parse) {
    ParseResult p = parse;
    while (p.subcommand() != null) {
      p = p.subcommand();
    }
    return p;
  }

  private static boolean helpRequested(ParseResult parse) {
    for (ParseResult p = parse; p != null; p = p.subcommand()) {
      if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
        return true;
      }
    }
    return false;
  }

  private static int onBadUsage(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    // picocli checks required arguments before it reports unknown ones; a mistyped option is the
    // likelier mistake (and the reason the argument seems missing), so it is named first
    ParameterException named =
        e instanceof CommandLine.MissingParameterException
                && !command.getUnmatchedArguments().isEmpty()
            ? new CommandLine.UnmatchedArgumentException(command, command.getUnmatchedArguments())
            : e;
    command
        .getErr()
        .println(usageError(command.getCommandSpec().qualifiedName(), named.getMessage()));
    command.getErr().flush();
    return ExitCodes.USAGE;
  }

  /** The one line of a usage error: what is wrong, and where the help is. */
  static String usageError(String command, String message) {
    return command + ": " + message + " (see '" + command + " --help')";
  }

  /** An I/O failure in words: file system errors carry only the path, so name the reason. */
  static String describe(java.io.IOException e) {
    String reason =
        switch (e) {
          case java.nio.file.NoSuchFileException f -> "no such file or directory";
          case java.nio.file.NotDirectoryException f -> "not a directory";
          case java.nio.file.AccessDeniedException f -> "permission denied";
          case java.nio.file.FileAlreadyExistsException f -> "already exists";
          case java.nio.file.FileSystemException f ->
              f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
          default -> null;
        };
    if (reason == null) {
      return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    java.nio.file.FileSystemException f = (java.nio.file.FileSystemException) e;
    return f.getFile()
        + ": "
        + reason
        + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : "");
  }

  private static int onFailure(Exception e, CommandLine command, ParseResult parse) {
    String name = command.getCommandSpec().qualifiedName();
    return switch (e) {
      case ConfigException c -> {
        command.getErr().println(usageError(name, c.getMessage()));
        yield ExitCodes.USAGE;
      }
      case AppStartException s -> {
        command.getErr().println(name + ": " + s.getMessage());
        yield ExitCodes.FAILURE;
      }
      case java.io.UncheckedIOException io -> {
        command.getErr().println(name + ": " + describe(io.getCause()));
        yield ExitCodes.FAILURE;
      }
      case java.io.IOException io -> {
        // an unreadable file or replica is the operator's to fix: say which and why, no trace
        command.getErr().println(name + ": " + describe(io));
        yield ExitCodes.FAILURE;
      }
      default -> {
        command.getErr().println(name + ": " + e);
        e.printStackTrace(command.getErr());
        yield ExitCodes.FAILURE;
      }
    };
  }
}
