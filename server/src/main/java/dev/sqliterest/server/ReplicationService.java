package dev.sqliterest.server;

import dev.sqliterest.replication.AckReplicas;
import dev.sqliterest.replication.ReplicationEvent;
import dev.sqliterest.replication.ReplicationListener;
import dev.sqliterest.replication.ReplicationStartException;
import dev.sqliterest.replication.ReplicationStatus;
import dev.sqliterest.replication.Store;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.rest.Durability;
import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.error.ApiException;
import dev.sqliterest.server.config.DurationText;
import dev.sqliterest.server.config.ReplicationAck;
import dev.sqliterest.server.config.ReplicationConfig;
import dev.sqliterest.server.metrics.Metrics;
import dev.sqliterest.server.metrics.ReplicationMetrics;
import dev.sqliterest.sqlite.Database;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication as one started component of {@link App}: runs the engine's {@link Store} on the open
 * database and the replica client {@link App} opened, publishes its metrics, and (unless degraded
 * mode is allowed) keeps {@code /ready} at 503 while uploads fail. Closing it ships every committed
 * transaction, bounded by the shutdown timeout; {@link App} closes it after the API drained and
 * before the database closes (and the client after that).
 */
public final class ReplicationService implements AutoCloseable, Durability {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicationService.class);

  /** The {@code /ready} condition while the replica is not healthy. */
  public static final String READY_CONDITION = "replication";

  /** What an operator can do about a replica that is unusable at start-up. */
  public static final String DEGRADED_HINT =
      "Fix the replica (reachable, bucket or directory exists,"
          + " credentials may write), or start with --replication-allow-degraded to serve anyway and"
          + " keep retrying in the background";

  private static final Duration STATUS_EVERY = Duration.ofSeconds(1);

  private final List<ReplicaUrl> replicas;
  private final RecentFailures failures;

  private final Store store;
  private final ReplicationAck ack;
  private final Optional<ReplicationRequirement> requirement;

  /** Completed with the reason when replication is required and no longer happens. */
  private final CompletableFuture<String> mustStop = new CompletableFuture<>();

  private final String replicaUrls;
  private final AckReplicas ackReplicas;
  private final ReplicationMetrics metrics;
  private final Readiness readiness;
  private final boolean allowDegraded;
  private final Duration shutdownTimeout;
  private final Thread refresher;
  private volatile boolean closed;

  private ReplicationService(
      RecentFailures failures,
      Store store,
      ReplicationConfig config,
      ReplicationMetrics metrics,
      Optional<ReplicationRequirement> requirement,
      Readiness readiness,
      boolean allowDegraded,
      Duration shutdownTimeout) {
    this.replicas = config.replicas();
    this.failures = failures;
    this.store = store;
    this.requirement = requirement;
    this.ack = config.ack();
    this.replicaUrls =
        String.join(", ", config.replicas().stream().map(ReplicaUrl::toString).toList());
    this.ackReplicas = config.ack().replicas();
    this.metrics = metrics;
    this.readiness = readiness;
    this.allowDegraded = allowDegraded;
    this.shutdownTimeout = shutdownTimeout;
    this.refresher =
        Thread.ofPlatform().name("replication-status").daemon(true).unstarted(this::refreshLoop);
  }

  /**
   * Starts replicating {@code database} to {@code replicas} (the clients of {@code
   * config.replicas()}) as {@code config} says.
   *
   * @throws AppStartException when the replica is unusable and degraded mode is not allowed (the
   *     message names the URL and the cause)
   */
  public static ReplicationService start(
      ReplicationConfig config,
      List<ReplicaClient> replicas,
      Database database,
      Metrics metrics,
      Readiness readiness,
      Duration shutdownTimeout)
      throws AppStartException {
    RecentFailures failures = new RecentFailures(InstantSource.system());
    ReplicationMetrics published =
        new ReplicationMetrics(metrics, replicas.stream().map(ReplicaClient::url).toList());
    Optional<ReplicationRequirement> requirement =
        config.requiredWithin().isZero()
            ? Optional.empty()
            : Optional.of(new ReplicationRequirement(config.requiredWithin(), System::nanoTime));
    ReplicationListener listener =
        new ReplicationListener() {
          @Override
          public void on(ReplicationEvent event) {
            published.on(event);
            failures.on(event);
            requirement.ifPresent(r -> r.on(event));
          }

          @Override
          public void on(String replicaUrl, ReplicationEvent event) {
            published.on(replicaUrl, event);
            failures.on(event);
            requirement.ifPresent(r -> r.on(event));
          }
        };
    Store store;
    try {
      store =
          new Store(
              database,
              replicas,
              config.ack().replicas(),
              config.engine(),
              listener,
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
            failures,
            store,
            config,
            published,
            requirement,
            readiness,
            config.allowDegraded(),
            shutdownTimeout);
    service.refresh();
    service.refresher.start();
    return service;
  }

  @Override
  public boolean replicates() {
    return true;
  }

  @Override
  public boolean replicatedByDefault() {
    return ack.replicatedByDefault();
  }

  @Override
  public long promiseTxid(long commit) {
    return store.promiseTxid(commit);
  }

  /**
   * Waits (on the request's virtual thread) for the local sync that writes the commit's TXID, then
   * until the replica holds it: at most {@code --replication-ack-timeout} in all.
   */
  @Override
  public long awaitReplicated(long commit) {
    long deadline = System.nanoTime() + ack.timeout().toNanos();
    long txid = -1;
    try {
      txid = store.localTxid(commit, ack.timeout());
      store.awaitReplicated(txid, Duration.ofNanos(deadline - System.nanoTime()));
      return txid;
    } catch (TimeoutException e) {
      throw notReplicated(txid, "did not confirm it within " + DurationText.format(ack.timeout()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw notReplicated(txid, "the wait was interrupted (the server is stopping)");
    }
  }

  private ApiException notReplicated(long txid, String why) {
    String change = txid < 0 ? "the change" : String.format("the change (TXID %016x)", txid);
    return new ApiError(
            504,
            "PGRSTX01",
            "The change is committed locally but not yet replicated",
            replicasWaitedFor()
                + " "
                + why
                + "; "
                + change
                + " stays committed and is still"
                + " being replicated.",
            "Do not retry the request blindly (it would be applied twice): read the data back to"
                + " check. Raise --replication-ack-timeout if the replica is just slow.")
        .exception();
  }

  /** Who a replicated write waits for, as the 504 names them. */
  private String replicasWaitedFor() {
    if (!replicaUrls.contains(", ")) {
      return "Replica " + replicaUrls;
    }
    return "Replicas "
        + replicaUrls
        + (ackReplicas == AckReplicas.ANY ? " (any one may hold it)" : " (every one must hold it)");
  }

  /**
   * Completes with the reason when {@code --replication-required-within} is violated: the server
   * must then stop gracefully and exit non-zero. Never completes otherwise.
   */
  public CompletableFuture<String> mustStop() {
    return mustStop;
  }

  /** The engine's current status. */
  public ReplicationStatus status() {
    return store.status();
  }

  /**
   * The replicas' URLs as scheme, host and path: their queries (endpoints, options) are left out of
   * what the console shows.
   */
  public List<String> replicaLocations() {
    return replicas.stream().map(ReplicaUrl::location).toList();
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
    metrics.update(status, store.replicas());
    requirement
        .flatMap(r -> r.violated(status))
        .filter(reason -> !mustStop.isDone())
        .ifPresent(
            reason -> {
              LOG.atError()
                  .addKeyValue("local_txid", status.localTxid())
                  .addKeyValue("replica_txid", status.replicaTxid())
                  .log(reason);
              mustStop.complete(reason);
            });
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
    metrics.update(store.status(), store.replicas());
    if (!flushed) {
      LOG.warn("replication stopped before every replica had every committed change");
    }
  }
}
