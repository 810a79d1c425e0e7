package dev.sqliterest.server;

import dev.sqliterest.replication.ReplicationStartException;
import dev.sqliterest.replication.ReplicationStatus;
import dev.sqliterest.replication.Store;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.server.config.ReplicationConfig;
import dev.sqliterest.server.metrics.Metrics;
import dev.sqliterest.server.metrics.ReplicationMetrics;
import dev.sqliterest.sqlite.Database;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication as one started component of {@link App}: runs the engine's {@link Store} on the open
 * database and the replica client {@link App} opened, publishes its metrics, and (unless degraded
 * mode is allowed) keeps {@code /ready} at 503 while uploads fail. Closing it ships every committed
 * transaction, bounded by the shutdown timeout; {@link App} closes it after the API drained and
 * before the database closes (and the client after that).
 */
public final class ReplicationService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicationService.class);

  /** The {@code /ready} condition while the replica is not healthy. */
  public static final String READY_CONDITION = "replication";

  /** What an operator can do about a replica that is unusable at start-up. */
  public static final String DEGRADED_HINT =
      "Fix the replica (reachable, bucket or directory exists,"
          + " credentials may write), or start with --replication-allow-degraded to serve anyway and"
          + " keep retrying in the background";

  private static final Duration STATUS_EVERY = Duration.ofSeconds(1);

  private final ReplicaUrl replica;
  private final RecentFailures failures;

  private final Store store;
  private final ReplicationMetrics metrics;
  private final Readiness readiness;
  private final boolean allowDegraded;
  private final Duration shutdownTimeout;
  private final Thread refresher;
  private volatile boolean closed;

  private ReplicationService(
      ReplicaUrl replica,
      RecentFailures failures,
      Store store,
      ReplicationMetrics metrics,
      Readiness readiness,
      boolean allowDegraded,
      Duration shutdownTimeout) {
    this.replica = replica;
    this.failures = failures;
    this.store = store;
    this.metrics = metrics;
    this.readiness = readiness;
    this.allowDegraded = allowDegraded;
    this.shutdownTimeout = shutdownTimeout;
    this.refresher =
        Thread.ofPlatform().name("replication-status").daemon(true).unstarted(this::refreshLoop);
  }

  /**
   * Starts replicating {@code database} to {@code client} as {@code config} says.
   *
   * @throws AppStartException when the replica is unusable and degraded mode is not allowed (the
   *     message names the URL and the cause)
   */
  public static ReplicationService start(
      ReplicationConfig config,
      ReplicaClient client,
      Database database,
      Metrics metrics,
      Readiness readiness,
      Duration shutdownTimeout)
      throws AppStartException {
    ReplicationMetrics published = new ReplicationMetrics(metrics);
    RecentFailures failures = new RecentFailures(InstantSource.system());
    Store store;
    try {
      store =
          new Store(
              database,
              client,
              config.engine(),
              event -> {
                published.on(event);
                failures.on(event);
              },
              InstantSource.system());
      store.start(config.allowDegraded());
    } catch (ReplicationStartException e) {
      throw new AppStartException(
          "start replication: "
              + e.getMessage()
              + (e.replicaUnusable() ? ". " + DEGRADED_HINT : ""),
          e);
    } catch (RuntimeException e) {
      throw new AppStartException("start replication: " + e.getMessage(), e);
    }
    ReplicationService service =
        new ReplicationService(
            config.replica(),
            failures,
            store,
            published,
            readiness,
            config.allowDegraded(),
            shutdownTimeout);
    service.refresh();
    service.refresher.start();
    return service;
  }

  /** The engine's current status. */
  public ReplicationStatus status() {
    return store.status();
  }

  /**
   * The replica's URL as scheme, host and path: its query (endpoints, options) is left out of what
   * the console shows.
   */
  public String replicaLocation() {
    return replica.scheme() + "://" + replica.host() + replica.path();
  }

  /** The latest failures, oldest first. */
  public List<RecentFailures.Failure> recentFailures() {
    return failures.list();
  }

  private void refreshLoop() {
    while (!closed) {
      try {
        Thread.sleep(STATUS_EVERY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      refresh();
    }
  }

  private void refresh() {
    ReplicationStatus status = store.status();
    metrics.update(status);
    if (!allowDegraded) {
      if (status.healthy()) {
        readiness.satisfy(READY_CONDITION);
      } else {
        readiness.require(READY_CONDITION);
      }
    }
  }

  /** Ships everything committed (bounded by the shutdown timeout); the client stays open. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    refresher.interrupt();
    boolean flushed = store.close(shutdownTimeout);
    metrics.update(store.status());
    if (!flushed) {
      LOG.warn("replication stopped before the replica had every committed change");
    }
  }
}
