package dev.sqliterest.server.config;

import dev.sqliterest.replication.ReplicationOptions;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.restore.StartupRestoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code serve} replicates its database, parsed once at the edge ({@code cli.ReplicationFlags}
 * and {@code cli.ReplicationRestoreFlags}); present in {@link ServeConfig#replication()} only when
 * replication is enabled.
 *
 * <p>Replicas are a list so that several of them need no new shape; today exactly one is supported.
 * A read replica (follower) would add its own settings here beside these.
 *
 * @param replicas where to replicate ({@code --replication-replica-url}, repeatable): every replica
 *     gets every change
 * @param engine the engine's settings: Litestream's defaults ({@link
 *     ReplicationOptions#defaults()}, the one place they live) with the {@code --replication-*}
 *     flags applied
 * @param allowDegraded serve even when the replica is unusable at start-up
 * @param restoreFrom restore before serving from this replica instead of the replica with the
 *     newest state
 * @param restore how the restore before serving decides ({@code --replication-restore-*})
 * @param ack when writes are acknowledged ({@code --replication-ack*})
 * @param requiredWithin stop the server when changes waited longer than this and no replica
 *     accepted an upload for as long ({@code --replication-required-within}); zero: never
 */
public record ReplicationConfig(
    List<ReplicaUrl> replicas,
    ReplicationOptions engine,
    boolean allowDegraded,
    Optional<ReplicaUrl> restoreFrom,
    StartupRestoreOptions restore,
    ReplicationAck ack,
    Duration requiredWithin) {

  public ReplicationConfig {
    replicas = List.copyOf(replicas);
    if (replicas.isEmpty()) {
      throw new ConfigException(
          "--replication-replica-url is required with --replication-enabled"
              + " (file:///abs/dir or s3://bucket/prefix)");
    }
    if (new HashSet<>(replicas).size() < replicas.size()) {
      throw new ConfigException(
          "--replication-replica-url names the same replica twice: " + replicas);
    }
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(restoreFrom, "restoreFrom");
    Objects.requireNonNull(restore, "restore");
    Objects.requireNonNull(ack, "ack");
    if (requiredWithin.isNegative()) {
      throw new ConfigException(
          "--replication-required-within must be 0 (off) or a duration such as 1m, got "
              + DurationText.format(requiredWithin));
    }
  }

  /** Replication to {@code replica} with every default. */
  public static ReplicationConfig to(ReplicaUrl replica) {
    return new ReplicationConfig(
        List.of(replica),
        ReplicationOptions.defaults(),
        false,
        Optional.empty(),
        StartupRestoreOptions.defaults(),
        ReplicationAck.DEFAULTS,
        Duration.ZERO);
  }

  /** Replication to a local directory with every default (used by {@code demo}). */
  public static ReplicationConfig fileReplica(Path directory) {
    return to(ReplicaUrl.parse(directory.toAbsolutePath().toUri().toString()));
  }

  /**
   * Parses a replica URL given to {@code flag}: {@code file://} or {@code s3://}, else a {@link
   * ConfigException} naming the flag.
   */
  public static ReplicaUrl parseReplicaUrl(String flag, String url) {
    ReplicaUrl parsed;
    try {
      parsed = ReplicaUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(flag + ": " + e.getMessage(), e);
    }
    if (!parsed.scheme().equals("file") && !parsed.scheme().equals("s3")) {
      throw new ConfigException(
          flag + ": unsupported scheme \"" + parsed.scheme() + "\" (use file:// or s3://)");
    }
    return parsed;
  }

  /** The first replica configured. */
  public ReplicaUrl replica() {
    return replicas.getFirst();
  }

  public ReplicationConfig withReplicas(List<ReplicaUrl> value) {
    return new ReplicationConfig(
        value, engine, allowDegraded, restoreFrom, restore, ack, requiredWithin);
  }

  public ReplicationConfig withEngine(ReplicationOptions value) {
    return new ReplicationConfig(
        replicas, value, allowDegraded, restoreFrom, restore, ack, requiredWithin);
  }

  public ReplicationConfig withAllowDegraded(boolean value) {
    return new ReplicationConfig(
        replicas, engine, value, restoreFrom, restore, ack, requiredWithin);
  }

  public ReplicationConfig withRestore(Optional<ReplicaUrl> from, StartupRestoreOptions options) {
    return new ReplicationConfig(
        replicas, engine, allowDegraded, from, options, ack, requiredWithin);
  }

  public ReplicationConfig withAck(ReplicationAck value) {
    return new ReplicationConfig(
        replicas, engine, allowDegraded, restoreFrom, restore, value, requiredWithin);
  }

  public ReplicationConfig withRequiredWithin(Duration value) {
    return new ReplicationConfig(replicas, engine, allowDegraded, restoreFrom, restore, ack, value);
  }
}
