package dev.sqliterest.server.cli;

import dev.sqliterest.server.App;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps a started server running until the stop signal, then shuts it down gracefully. */
final class Serving {

  private static final Logger LOG = LoggerFactory.getLogger(Serving.class);

  private Serving() {}

  /** Blocks until {@link CliContext#stop()} fires, closes {@code app}, returns the exit code. */
  static int run(CliContext context, App app) throws InterruptedException {
    Thread safetyNet = Thread.ofPlatform().name("shutdown").unstarted(() -> closeQuietly(app));
    Runtime.getRuntime().addShutdownHook(safetyNet);
    int exitCode = ExitCodes.OK;
    try {
      context.onStarted().accept(app);
      context.stop().await();
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

  private static void closeQuietly(App app) {
    try {
      app.close();
    } catch (Exception e) {
      System.err.println("sqlite-rest: shutdown: " + e);
    }
  }
}
