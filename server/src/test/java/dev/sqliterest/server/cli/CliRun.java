package dev.sqliterest.server.cli;

import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the CLI in-process with a given environment, capturing output and the started server. */
final class CliRun {

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final CountDownLatch stop = new CountDownLatch(1);
  final CompletableFuture<App> started = new CompletableFuture<>();
  final CliContext context;

  CliRun(Map<String, String> env, Path workingDirectory, Wiring wiring) {
    this.context =
        new CliContext(
            env,
            workingDirectory,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            stop::await,
            wiring,
            started::complete);
  }

  /** Runs a command that returns by itself (help, errors). */
  int run(String... args) {
    return Cli.execute(context, args);
  }

  /** Starts a long-running command; call {@link #stopAndWait} to end it. */
  CompletableFuture<Integer> start(String... args) {
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> Cli.execute(context, args));
    exit.whenComplete(
        (code, failure) ->
            started.completeExceptionally(
                new IllegalStateException("exited with " + code + ": " + err)));
    return exit;
  }

  App awaitStarted() throws Exception {
    return started.get(30, TimeUnit.SECONDS);
  }

  int stopAndWait(CompletableFuture<Integer> exit) throws Exception {
    stop.countDown();
    return exit.get(30, TimeUnit.SECONDS);
  }

  List<String> errLines() {
    return err.toString().lines().toList();
  }
}
