package dev.sqliterest.server.cli;

/** What a long-running command ({@code serve}, {@code demo}) waits for before shutting down. */
@FunctionalInterface
public interface StopSignal {

  /** Blocks until the process should stop (SIGTERM/SIGINT in production). */
  void await() throws InterruptedException;
}
