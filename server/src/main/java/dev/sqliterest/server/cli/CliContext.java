package dev.sqliterest.server.cli;

import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What commands get from the process around them, replaceable in tests.
 *
 * @param environment the environment variables (the source of the SQLITEREST_* defaults)
 * @param workingDirectory where relative paths such as {@code demo/} are created
 * @param out standard output (the demo's instructions)
 * @param err standard error (one-line errors)
 * @param stop what long-running commands wait for before shutting down
 * @param wiring the server's parts
 * @param onStarted told about the running server (tests read the bound ports from it)
 */
public record CliContext(
    Map<String, String> environment,
    Path workingDirectory,
    PrintWriter out,
    PrintWriter err,
    StopSignal stop,
    Wiring wiring,
    Consumer<App> onStarted) {

  /** The real process: its environment, current directory, stdout/stderr and OS signals. */
  static CliContext ofProcess() {
    return new CliContext(
        System.getenv(),
        Path.of("").toAbsolutePath(),
        new PrintWriter(System.out, true),
        new PrintWriter(System.err, true),
        OsSignals.install(),
        Wiring.defaults(),
        app -> {});
  }
}
