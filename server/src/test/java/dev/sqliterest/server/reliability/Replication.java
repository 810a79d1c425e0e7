package dev.sqliterest.server.reliability;

import dev.sqliterest.server.metrics.Scrape;
import dev.sqliterest.server.testing.Http;
import java.nio.file.Path;
import java.time.Duration;

/** The replication state of a running server, as its {@code /metrics} show it. */
final class Replication {

  private Replication() {}

  /** {@code file:///abs/dir} for a replica directory. */
  static String fileUrl(Path dir) {
    return "file://" + dir.toAbsolutePath();
  }

  /**
   * Waits until the replica has the local TXID and the lag is 0 (the gauges refresh every second).
   */
  static void awaitCaughtUp(Http admin, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      Scrape s = Scrape.parse(admin.get("/metrics").body());
      double local = s.value("sqlite_rest_replication_txid", "position", "local").orElse(-1);
      double replica = s.value("sqlite_rest_replication_txid", "position", "replica").orElse(-2);
      double lag = s.value("sqlite_rest_replication_lag_seconds").orElse(-1);
      if (local > 0 && local == replica && lag == 0) {
        return;
      }
      last = "local " + local + ", replica " + replica + ", lag " + lag;
      Thread.sleep(50);
    }
    throw new AssertionError("replica did not catch up within " + timeout + ": " + last);
  }
}
