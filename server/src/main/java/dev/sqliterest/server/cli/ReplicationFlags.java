package dev.sqliterest.server.cli;

import dev.sqliterest.replication.CompactionLevel;
import dev.sqliterest.replication.ReplicationOptions;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.restore.StartupRestoreOptions;
import dev.sqliterest.server.config.ConfigException;
import dev.sqliterest.server.config.DurationText;
import dev.sqliterest.server.config.ReplicationAck;
import dev.sqliterest.server.config.ReplicationConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --replication-*} flags of {@code serve} (each mirrored by {@code
 * SQLITEREST_REPLICATION_*}).
 */
public final class ReplicationFlags {

  @Option(
      names = "--replication-enabled",
      description = "Replicate the database continuously (Litestream v0.5 layout). Default: off.")
  boolean enabled;

  @Option(
      names = "--replication-replica-url",
      paramLabel = "URL",
      split = ",",
      description =
          "Where to replicate: file:///abs/dir or"
              + " s3://bucket/prefix[?endpoint=http://host:port&region=...&force-path-style=true]."
              + " Required with --replication-enabled. Repeat it (or give a comma list) for several"
              + " replicas: each gets every change, with its own position and retries.")
  List<String> replicaUrls = new ArrayList<>();

  @Option(
      names = "--replication-sync-interval",
      paramLabel = "DURATION",
      converter = Converters.GoDuration.class,
      description = "Longest time between syncs; a write syncs at once. Default: ${DEFAULT-VALUE}.")
  Duration syncInterval;

  @Option(
      names = "--replication-snapshot-interval",
      paramLabel = "DURATION",
      converter = Converters.GoDuration.class,
      description =
          "How often a full snapshot is written (and once at start). Default:"
              + " ${DEFAULT-VALUE}.")
  Duration snapshotInterval;

  @Option(
      names = "--replication-retention",
      paramLabel = "DURATION",
      converter = Converters.GoDuration.class,
      description = "How long snapshots are kept (the restore window). Default: ${DEFAULT-VALUE}.")
  Duration retention;

  @Option(
      names = "--replication-compaction-intervals",
      paramLabel = "DURATION,...",
      split = ",",
      converter = Converters.GoDuration.class,
      description =
          "How often levels 1, 2, ... compact the level below (Litestream's levels); fewer small"
              + " files make restores faster, each compaction costs a few GET/PUT. Default:"
              + " ${DEFAULT-VALUE}.")
  List<Duration> compactionIntervals = new ArrayList<>();

  @Option(
      names = "--replication-allow-degraded",
      description =
          "Start and serve even when the replica is unreachable (log, keep retrying);"
              + " otherwise that fails start-up and /ready reports replication. Default: off.")
  boolean allowDegraded;

  @Option(
      names = "--replication-ack",
      paramLabel = "MODE",
      defaultValue = "async",
      description =
          "When a write is answered: async (on commit; a lost machine may take the last"
              + " moments of writes) or replicated (only once the replica holds it: slower, loses"
              + " no acknowledged write). A request may ask for either with 'Prefer:"
              + " durability=async|replicated'. Default: ${DEFAULT-VALUE}.")
  String ack;

  @Option(
      names = "--replication-ack-replicas",
      paramLabel = "WHICH",
      defaultValue = "all",
      description =
          "With several replicas, which must hold a replicated write before it is answered: all"
              + " (it survives losing any one of them) or any (faster when one is far away or"
              + " down). Default: ${DEFAULT-VALUE}.")
  String ackReplicas;

  @Option(
      names = "--replication-ack-timeout",
      paramLabel = "DURATION",
      converter = Converters.GoDuration.class,
      description =
          "How long a replicated write waits for the replica; then it gets 504, committed"
              + " locally and still being replicated (do not retry it blindly). Default:"
              + " ${DEFAULT-VALUE}.")
  Duration ackTimeout;

  @Option(
      names = "--replication-required-within",
      paramLabel = "DURATION",
      converter = Converters.GoDuration.class,
      defaultValue = "0",
      description =
          "Replication is required: when changes have waited longer than this and no replica"
              + " accepted an upload for as long, stop gracefully and exit with code 1 (the log"
              + " says why) so the orchestrator restarts or alerts. 0 = never. Default:"
              + " ${DEFAULT-VALUE}.")
  Duration requiredWithin;

  /**
   * The validated settings, with the restore-before-serving ones; empty when replication is off.
   * Values are checked even then, so a bad one never waits for the day it is used.
   */
  public Optional<ReplicationConfig> toConfig(ReplicationRestoreFlags restore) {
    requirePositive("--replication-sync-interval", syncInterval);
    requirePositive("--replication-snapshot-interval", snapshotInterval);
    requirePositive("--replication-retention", retention);
    List<CompactionLevel> levels = compactionLevels();
    Optional<ReplicaUrl> restoreFrom = restore.restoreFrom();
    StartupRestoreOptions restoreOptions = restore.startupOptions();
    ReplicationAck acknowledgement =
        new ReplicationAck(
            ReplicationAck.parseMode(ack), ackTimeout, ReplicationAck.parseReplicas(ackReplicas));
    if (!enabled) {
      return Optional.empty();
    }
    List<ReplicaUrl> replicas = new ArrayList<>();
    for (String url : replicaUrls) {
      if (!url.isBlank()) {
        replicas.add(ReplicationConfig.parseReplicaUrl("--replication-replica-url", url.strip()));
      }
    }
    ReplicationOptions engine =
        ReplicationOptions.defaults()
            .withSyncInterval(syncInterval)
            .withSnapshotInterval(snapshotInterval)
            .withRetention(retention)
            .withLevels(levels);
    return Optional.of(
        new ReplicationConfig(
            replicas,
            engine,
            allowDegraded,
            restoreFrom,
            restoreOptions,
            acknowledgement,
            requiredWithin));
  }

  /** Levels 1, 2, ... with the given intervals. */
  private List<CompactionLevel> compactionLevels() {
    if (compactionIntervals.isEmpty()
        || compactionIntervals.size() > CompactionLevel.SNAPSHOT_LEVEL - 1) {
      throw new ConfigException(
          "--replication-compaction-intervals needs 1 to "
              + (CompactionLevel.SNAPSHOT_LEVEL - 1)
              + " durations (levels 1, 2, ...), such as 30s,5m,1h; got "
              + compactionIntervals.size());
    }
    List<CompactionLevel> levels = new ArrayList<>();
    for (Duration interval : compactionIntervals) {
      requirePositive("--replication-compaction-intervals", interval);
      levels.add(new CompactionLevel(levels.size() + 1, interval));
    }
    return levels;
  }

  private static void requirePositive(String flag, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new ConfigException(
          flag
              + " must be a positive duration such as 1s or 24h, got "
              + DurationText.format(value));
    }
  }
}
