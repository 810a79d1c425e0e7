package dev.sqliterest.server;

import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaClients;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.restore.LocalState;
import dev.sqliterest.replication.restore.NewestReplica;
import dev.sqliterest.replication.restore.RestoreProgress;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.replication.restore.StartupDecision;
import dev.sqliterest.replication.restore.StartupRestore;
import dev.sqliterest.server.config.ReplicationConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore-before-serving step of {@link App} (docs/RESTORE.md, "Restore before serving"): runs
 * {@link StartupRestore} on the database file before it is opened, while {@code /ready} still
 * answers 503 and the API port is not listening. It reads a replica through the client {@link App}
 * opened for replication, or through its own when {@code --replication-restore-from} names another
 * replica.
 */
final class RestoreBeforeServing {

  private static final Logger LOG = LoggerFactory.getLogger(RestoreBeforeServing.class);

  private RestoreBeforeServing() {}

  /**
   * Decides and, if needed, restores {@code database}: from {@code --replication-restore-from} when
   * given, else from the replica with the newest state ({@link NewestReplica}; the first one when
   * none can tell).
   *
   * @param replicas the clients of {@code replication.replicas()}, in that order; not closed here
   * @throws AppStartException when startup must not continue (refusal or failed restore)
   */
  static StartupDecision run(
      Path database, ReplicationConfig replication, List<ReplicaClient> replicas)
      throws AppStartException {
    if (replication.restoreFrom().isEmpty()) {
      int chosen = 0;
      if (replicas.size() > 1) {
        chosen =
            NewestReplica.choose(replicas, RestoreTarget.latest())
                .map(NewestReplica.Pick::index)
                .orElse(0);
        LOG.atInfo()
            .addKeyValue("replica", replicas.get(chosen).url())
            .log("restore before serving reads the replica with the newest state");
      }
      return run(database, replication, replication.replicas().get(chosen), replicas.get(chosen));
    }
    ReplicaUrl source = replication.restoreFrom().get();
    int configured = replication.replicas().indexOf(source);
    if (configured >= 0) {
      return run(database, replication, source, replicas.get(configured));
    }
    try (ReplicaClient other = ReplicaClients.installed().open(source)) {
      return run(database, replication, source, other);
    } catch (IOException | RuntimeException e) {
      throw new AppStartException(
          "restore before serving from " + source + ": " + e.getMessage(), e);
    }
  }

  private static StartupDecision run(
      Path database, ReplicationConfig replication, ReplicaUrl source, ReplicaClient client)
      throws AppStartException {
    Path metaDir = replication.engine().metaDirFor(database);
    try {
      StartupRestore startup =
          new StartupRestore(
              client,
              new LocalState(database, metaDir),
              replication.restore(),
              InstantSource.system());
      StartupDecision decision;
      try {
        decision = startup.decide();
      } catch (IOException | RuntimeException e) {
        return unreachable(database, replication, source.toString(), e);
      }
      startup.act(decision, new LoggedProgress());
      LOG.atInfo()
          .addKeyValue("db", database)
          .addKeyValue("replica", source.toString())
          .addKeyValue("decision", decision.getClass().getSimpleName())
          .log("restore before serving: {}", decision.reason());
      return decision;
    } catch (IOException | RuntimeException e) {
      throw new AppStartException(
          "restore before serving from " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * The replica could not be read to decide: in degraded mode an existing local database is served
   * (replication retries in the background); otherwise start-up fails naming the cause.
   */
  private static StartupDecision unreachable(
      Path database, ReplicationConfig replication, String url, Exception e)
      throws AppStartException {
    boolean local = Files.exists(database);
    if (replication.allowDegraded() && local) {
      LOG.atError()
          .addKeyValue("db", database)
          .addKeyValue("replica", url)
          .log(
              "replica {} is not usable, so whether {} is current is unknown; serving it in degraded"
                  + " mode: {}",
              url,
              database,
              e.getMessage());
      return new StartupDecision.ServeLocal("replica not usable, degraded mode");
    }
    String hint =
        local
            ? ReplicationService.DEGRADED_HINT
            : "With no local database the replica must be readable to decide whether to restore";
    throw new AppStartException(
        "restore before serving: replica "
            + url
            + " is not usable: "
            + e.getMessage()
            + ". "
            + hint,
        e);
  }

  /** Progress as a log line every 5 s (bytes, files, rate). */
  private static final class LoggedProgress implements RestoreProgress {
    private final long start = System.nanoTime();
    private long last = start;

    @Override
    public void update(long bytesDone, long bytesTotal, int filesDone, int filesTotal) {
      long now = System.nanoTime();
      if (now - last < 5_000_000_000L) {
        return;
      }
      last = now;
      LOG.atInfo()
          .addKeyValue("bytes", bytesDone)
          .addKeyValue("bytes_total", bytesTotal)
          .addKeyValue("files", filesDone)
          .addKeyValue("files_total", filesTotal)
          .log(
              "restore progress: {} / {} MB, {}/{} files, {} MB/s",
              bytesDone / 1_000_000,
              bytesTotal / 1_000_000,
              filesDone,
              filesTotal,
              String.format("%.1f", bytesDone / 1e6 / ((now - start) / 1e9)));
    }
  }
}
