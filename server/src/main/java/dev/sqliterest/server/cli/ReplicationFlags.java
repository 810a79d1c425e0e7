package dev.sqliterest.server.cli;

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
      description =
          "Where to replicate: file:///abs/dir or"
              + " s3://bucket/prefix[?endpoint=http://host:port&region=...&force-path-style=true]."
              + " Required with --replication-enabled.")
  String replicaUrl;

  @Option(
      names = "--replication-sync-interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = Converters.GoDuration.class,
      description = "Longest time between syncs; a write syncs at once. Default: ${DEFAULT-VALUE}.")
  Duration syncInterval;

  @Option(
      names = "--replication-snapshot-interval",
      paramLabel = "DURATION",
      defaultValue = "24h",
      converter = Converters.GoDuration.class,
      description =
          "How often a full snapshot is written (and once at start). Default:"
              + " ${DEFAULT-VALUE}.")
  Duration snapshotInterval;

  @Option(
      names = "--replication-retention",
      paramLabel = "DURATION",
      defaultValue = "24h",
      converter = Converters.GoDuration.class,
      description = "How long snapshots are kept (the restore window). Default: ${DEFAULT-VALUE}.")
  Duration retention;

  @Option(
      names = "--replication-compaction-intervals",
      paramLabel = "DURATION,...",
      split = ",",
      defaultValue = "30s,5m,1h",
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

  /** The validated settings. */
  public ReplicationConfig toConfig() {
    return new ReplicationConfig(
        enabled,
        Optional.ofNullable(replicaUrl),
        syncInterval,
        snapshotInterval,
        retention,
        allowDegraded,
        compactionIntervals);
  }
}
