package dev.sqliterest.server.cli;

import dev.sqliterest.replication.restore.RestoreProgress;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Shows restore progress (bytes, files, rate): a self-overwriting line on a terminal, otherwise one
 * plain line every few seconds (what log collectors want).
 */
final class RestoreProgressPrinter implements RestoreProgress {

  private final PrintWriter err;
  private final boolean terminal;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final long start;
  private long lastPrint;
  private boolean printedLine;

  RestoreProgressPrinter(
      PrintWriter err, boolean terminal, long intervalNanos, LongSupplier nanoTime) {
    this.err = err;
    this.terminal = terminal;
    this.intervalNanos = intervalNanos;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
    this.lastPrint = start;
  }

  /** A printer for the process's stderr: 10 updates/s on a terminal, a line every 5 s otherwise. */
  static RestoreProgressPrinter forStderr(PrintWriter err) {
    boolean tty = isTerminal(System.console());
    return new RestoreProgressPrinter(
        err, tty, tty ? 100_000_000L : 5_000_000_000L, System::nanoTime);
  }

  /** JDK 22+ returns a Console even when redirected; {@code isTerminal} tells (absent in 21). */
  private static boolean isTerminal(java.io.Console console) {
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a non-null console is a terminal
    }
  }

  @Override
  public void update(long bytesDone, long bytesTotal, int filesDone, int filesTotal) {
    long now = nanoTime.getAsLong();
    boolean finished = filesDone == filesTotal && filesTotal > 0;
    if (!finished && now - lastPrint < intervalNanos) {
      return;
    }
    if (finished && !printedLine && !terminal) {
      return; // short restores: the summary line says it all
    }
    lastPrint = now;
    double seconds = Math.max(now - start, 1) / 1e9;
    String line =
        String.format(
            "restore progress: %.1f / %.1f MB (%d%%), %d/%d files, %.1f MB/s",
            bytesDone / 1e6,
            bytesTotal / 1e6,
            bytesTotal == 0 ? 100 : (int) (bytesDone * 100 / bytesTotal),
            filesDone,
            filesTotal,
            bytesDone / 1e6 / seconds);
    if (terminal) {
      err.print("\r" + line + (finished ? System.lineSeparator() : ""));
    } else {
      err.println(line);
    }
    printedLine = true;
    err.flush();
  }
}
