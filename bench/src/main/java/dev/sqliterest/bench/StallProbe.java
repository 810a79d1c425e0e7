package dev.sqliterest.bench;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread that only sleeps 1 ms at a time and records how much longer it slept than asked: on a
 * shared machine it shows the stalls (no CPU for the process, GC pauses) that a latency tail in the
 * same run also suffered, so a tail can be told apart from the code's own work.
 */
final class StallProbe {

  private static final long STALL_NANOS = 50_000_000L;

  private final Thread thread;
  private volatile boolean running = true;
  private int stalls;
  private long worstNanos;

  private StallProbe() {
    thread = Thread.ofPlatform().daemon(true).name("stall-probe").start(this::run);
  }

  static StallProbe start() {
    return new StallProbe();
  }

  private void run() {
    while (running) {
      long t0 = System.nanoTime();
      LockSupport.parkNanos(1_000_000L);
      long over = System.nanoTime() - t0 - 1_000_000L;
      if (over > STALL_NANOS) {
        stalls++;
      }
      worstNanos = Math.max(worstNanos, over);
    }
  }

  /** Stops the probe; returns "N over 50 ms, worst W ms". */
  String stop() throws InterruptedException {
    running = false;
    thread.join();
    return String.format(Locale.ROOT, "%d over 50 ms, worst %.0f ms", stalls, worstNanos / 1e6);
  }
}
