package dev.sqliterest.server.metrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code sqlite_rest_database_size_bytes} current: measures once at start (so a scrape right
 * after startup already sees the size) and then on a fixed period. A failed measurement keeps the
 * previous value and is logged; the next period tries again.
 */
public final class DatabaseSizeRefresher implements AutoCloseable {

  /** sqlite-rest's period. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseSizeRefresher.class);

  private final Metrics metrics;
  private final DatabaseSizeSource source;
  private final ScheduledExecutorService scheduler;

  private DatabaseSizeRefresher(Metrics metrics, DatabaseSizeSource source) {
    this.metrics = metrics;
    this.source = source;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("metrics-database-size").daemon(true).factory());
  }

  static DatabaseSizeRefresher start(Metrics metrics, DatabaseSizeSource source, Duration every) {
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException(
          "database size refresh period must be positive, got " + every);
    }
    DatabaseSizeRefresher refresher = new DatabaseSizeRefresher(metrics, source);
    refresher.refresh();
    refresher.scheduler.scheduleAtFixedRate(
        refresher::refresh, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return refresher;
  }

  /** Measures now; failures are logged (this runs at a loop boundary: the scheduler). */
  void refresh() {
    try {
      metrics.databaseSize(source.sizeBytes());
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("measure database size: {}", e.toString());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
