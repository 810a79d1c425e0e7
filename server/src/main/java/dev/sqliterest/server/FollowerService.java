package dev.sqliterest.server;

import dev.sqliterest.replication.Follower;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.server.config.FollowConfig;
import dev.sqliterest.server.metrics.Metrics;
import dev.sqliterest.server.metrics.ReplicationMetrics;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * Follower mode as one started component of {@link App}: runs a {@link Follower} of the replica on
 * {@code --db-dsn}'s file, publishes its metrics, and keeps {@code /ready} at 503 until the first
 * restore has caught up with the replica. After that the follower stays ready while the replica is
 * unreachable (it serves what it has; {@code sqlite_rest_replication_lag_seconds} grows), so an
 * outage of the object store does not take every follower out of the load balancer at once. Closing
 * it stops the follower and closes its database.
 */
public final class FollowerService implements AutoCloseable {

  /** The {@code /ready} condition until the first restore has caught up. */
  public static final String READY_CONDITION = "follower";

  private static final Duration STATUS_EVERY = Duration.ofSeconds(1);

  private final Follower follower;
  private final ReplicationMetrics metrics;
  private final RecentFailures failures;
  private final Readiness readiness;
  private final Thread refresher;
  private volatile boolean closed;

  private FollowerService(
      Follower follower, ReplicationMetrics metrics, RecentFailures failures, Readiness readiness) {
    this.follower = follower;
    this.metrics = metrics;
    this.failures = failures;
    this.readiness = readiness;
    this.refresher =
        Thread.ofPlatform().name("follower-status").daemon(true).unstarted(this::refreshLoop);
  }

  /**
   * Opens {@code database} as a follower of {@code client} and starts following.
   *
   * @throws AppStartException when the file is not a follower's or cannot be opened
   */
  public static FollowerService start(
      FollowConfig config,
      ReplicaClient client,
      DatabaseOptions database,
      Metrics metrics,
      Readiness readiness)
      throws AppStartException {
    readiness.require(READY_CONDITION);
    ReplicationMetrics published = new ReplicationMetrics(metrics, List.of());
    RecentFailures failures = new RecentFailures(InstantSource.system());
    Follower follower;
    try {
      follower =
          Follower.start(
              database,
              client,
              config.engine(),
              event -> {
                published.on(event);
                failures.on(event);
              },
              InstantSource.system());
    } catch (IOException | SQLException | RuntimeException e) {
      throw new AppStartException(
          "--replication-follow " + config.replica() + ": " + e.getMessage(), e);
    }
    FollowerService service = new FollowerService(follower, published, failures, readiness);
    service.refresher.start();
    return service;
  }

  public Follower follower() {
    return follower;
  }

  /** The latest failed polls, downloads and applies, oldest first (the console shows them). */
  public List<RecentFailures.Failure> recentFailures() {
    return failures.list();
  }

  /** The follower's database (reads only). */
  public Database database() {
    return follower.database();
  }

  private void refreshLoop() {
    while (!closed) {
      try {
        if (follower.ready()) {
          Thread.sleep(STATUS_EVERY.toMillis());
        } else {
          follower.awaitTxid(0, STATUS_EVERY); // returns as soon as the first restore caught up
        }
      } catch (InterruptedException e) {
        return;
      }
      refresh();
    }
  }

  private void refresh() {
    metrics.update(follower.status());
    if (follower.ready()) {
      readiness.satisfy(READY_CONDITION);
    }
  }

  /** Stops following and closes the database (recording where it stopped). */
  @Override
  public void close() throws IOException, SQLException {
    if (closed) {
      return;
    }
    closed = true;
    refresher.interrupt();
    follower.close();
    metrics.update(follower.status());
  }
}
