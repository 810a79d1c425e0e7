package dev.sqliterest.server.cli;

import dev.sqliterest.server.App;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps a started server running until the stop signal, then shuts it down gracefully. */
final class Serving {

  private static final Logger LOG = LoggerFactory.getLogger(Serving.class);

  private Serving() {}

  /**
   * Blocks until {@link CliContext#stop()} fires or the app must stop on its own ({@link
   * App#mustStop()}, then the exit code is {@link ExitCodes#FAILURE}), closes {@code app}, returns
   * the exit code.
   */
  static int run(CliContext context, App app) throws InterruptedException {
    Thread safetyNet = Thread.ofPlatform().name("shutdown").unstarted(() -> closeQuietly(app));
    Runtime.getRuntime().addShutdownHook(safetyNet);
    int exitCode = ExitCodes.OK;
    try {
      context.onStarted().accept(app);
      String reason = awaitStop(context.stop(), app.mustStop());
      if (reason != null) {
        context.err().println("sqlite-rest: " + reason);
        exitCode = ExitCodes.FAILURE;
      }
    } finally {
      try {
        app.close();
      } catch (Exception e) {
        context.err().println("sqlite-rest: shutdown: " + e);
        exitCode = ExitCodes.FAILURE;
      }
      try {
        Runtime.getRuntime().removeShutdownHook(safetyNet);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook runs anyway and finds the app closed (close is idempotent)
        LOG.debug("the JVM is already shutting down; its hook will find the server closed");
      }
    }
    return exitCode;
  }

  /** The first of the stop signal (null) and the app's own reason to stop. */
  private static String awaitStop(StopSignal signal, CompletableFuture<String> mustStop)
      throws InterruptedException {
    CompletableFuture<String> first = new CompletableFuture<>();
    mustStop.thenAccept(first::complete);
    Thread waiter =
        Thread.ofVirtual()
            .name("stop-signal")
            .start(
                () -> {
                  try {
                    signal.await();
                    first.complete(null);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the app stopped on its own first
                  }
                });
    try {
      return first.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a stop reason never fails", e);
    } finally {
      waiter.interrupt();
    }
  }

  private static void closeQuietly(App app) {
    try {
      app.close();
    } catch (Exception e) {
      System.err.println("sqlite-rest: shutdown: " + e);
    }
  }
}
