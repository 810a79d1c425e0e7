package dev.sqliterest.server.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a {@link StopSignal}: the first one starts a graceful shutdown, a second
 * one ends the process at once (exit 130).
 *
 * <p>Why {@code sun.misc.Signal} (jdk.unsupported): with a JVM shutdown hook alone a SIGTERM ends
 * the process with exit code 143, but a graceful stop must exit 0. Handling the signal lets the
 * main thread drain and return normally.
 */
final class OsSignals implements StopSignal {

  private final CountDownLatch received = new CountDownLatch(1);
  private final AtomicInteger count = new AtomicInteger();

  /** Installs the handlers; call once per process. */
  static OsSignals install() {
    OsSignals signals = new OsSignals();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signals::onSignal);
    }
    return signals;
  }

  private void onSignal(Signal signal) {
    if (count.incrementAndGet() > 1) {
      System.err.println("sqlite-rest: second SIG" + signal.getName() + ", stopping immediately");
      Runtime.getRuntime().halt(130);
    }
    received.countDown();
  }

  @Override
  public void await() throws InterruptedException {
    received.await();
  }
}
