package dev.sqliterest.server.config;

import dev.sqliterest.replication.CompactionLevel;
import dev.sqliterest.replication.ReplicationOptions;
import dev.sqliterest.replication.client.ReplicaUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --replication-*} settings of {@code serve}, validated once (messages name the flag).
 *
 * @param enabled replicate at all ({@code --replication-enabled})
 * @param replicaUrl {@code file:///dir} or {@code s3://bucket/prefix?...}; required when enabled
 * @param syncInterval longest time between syncs when no commit wakes the replicator
 * @param snapshotInterval how often a level-9 snapshot is written
 * @param retention how long snapshots are kept
 * @param allowDegraded serve even when the replica is unreachable at start-up
 * @param compactionIntervals how often levels 1, 2, ... are compacted (Litestream's {@code levels})
 */
public record ReplicationConfig(
    boolean enabled,
    Optional<String> replicaUrl,
    Duration syncInterval,
    Duration snapshotInterval,
    Duration retention,
    boolean allowDegraded,
    List<Duration> compactionIntervals) {

  public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_SNAPSHOT_INTERVAL = Duration.ofHours(24);
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

  /** Litestream's levels: L1 every 30 s, L2 every 5 min, L3 every hour. */
  public static final List<Duration> DEFAULT_COMPACTION_INTERVALS =
      List.of(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(1));

  /** Replication off (the default of {@code serve}). */
  public static final ReplicationConfig DISABLED =
      new ReplicationConfig(
          false,
          Optional.empty(),
          DEFAULT_SYNC_INTERVAL,
          DEFAULT_SNAPSHOT_INTERVAL,
          DEFAULT_RETENTION,
          false);

  public ReplicationConfig {
    requirePositive("--replication-sync-interval", syncInterval);
    requirePositive("--replication-snapshot-interval", snapshotInterval);
    requirePositive("--replication-retention", retention);
    compactionIntervals = List.copyOf(compactionIntervals);
    if (compactionIntervals.isEmpty()
        || compactionIntervals.size() > CompactionLevel.SNAPSHOT_LEVEL - 1) {
      throw new ConfigException(
          "--replication-compaction-intervals needs 1 to "
              + (CompactionLevel.SNAPSHOT_LEVEL - 1)
              + " durations (levels 1, 2, ...), such as 30s,5m,1h; got "
              + compactionIntervals.size());
    }
    for (Duration interval : compactionIntervals) {
      requirePositive("--replication-compaction-intervals", interval);
    }
    replicaUrl = replicaUrl.map(String::strip).filter(u -> !u.isEmpty());
    if (enabled) {
      String url =
          replicaUrl.orElseThrow(
              () ->
                  new ConfigException(
                      "--replication-replica-url is required with --replication-enabled"
                          + " (file:///abs/dir or s3://bucket/prefix)"));
      parseReplicaUrl("--replication-replica-url", url);
    }
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

  /** The settings with Litestream's compaction levels. */
  public ReplicationConfig(
      boolean enabled,
      Optional<String> replicaUrl,
      Duration syncInterval,
      Duration snapshotInterval,
      Duration retention,
      boolean allowDegraded) {
    this(
        enabled,
        replicaUrl,
        syncInterval,
        snapshotInterval,
        retention,
        allowDegraded,
        DEFAULT_COMPACTION_INTERVALS);
  }

  /** Replication to a local directory with the defaults (used by {@code demo}). */
  public static ReplicationConfig fileReplica(Path directory) {
    return new ReplicationConfig(
        true,
        Optional.of(directory.toAbsolutePath().toUri().toString()),
        DEFAULT_SYNC_INTERVAL,
        DEFAULT_SNAPSHOT_INTERVAL,
        DEFAULT_RETENTION,
        false);
  }

  /** The engine options: Litestream's defaults plus these settings. */
  public ReplicationOptions toOptions() {
    List<CompactionLevel> levels = new ArrayList<>();
    for (Duration interval : compactionIntervals) {
      levels.add(new CompactionLevel(levels.size() + 1, interval));
    }
    return ReplicationOptions.defaults()
        .withSyncInterval(syncInterval)
        .withSnapshotInterval(snapshotInterval)
        .withRetention(retention)
        .withLevels(levels);
  }

  private static void requirePositive(String flag, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new ConfigException(
          flag
              + " must be a positive duration such as 1s or 24h, got "
              + (value == null ? "nothing" : DurationText.format(value)));
    }
  }
}
