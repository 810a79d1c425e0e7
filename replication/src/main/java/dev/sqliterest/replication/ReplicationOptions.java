package dev.sqliterest.replication;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How the engine replicates one database; validated once, then immutable. Defaults are
 * Litestream's.
 *
 * @param syncInterval how often the WAL is synced and new L0 files uploaded when no commit wakes
 *     the loop earlier (Litestream's monitor and sync intervals)
 * @param snapshotInterval how often a level-9 snapshot is written (also written at first start)
 * @param retention how long level-9 snapshots are kept (the restore window)
 * @param levels compaction levels 1..N with their intervals
 * @param l0Retention how long L0 files stay after they were compacted into L1
 * @param l0RetentionCheckInterval how often L0 retention runs
 * @param minCheckpointPages PASSIVE checkpoint once the synced WAL holds this many frames
 * @param checkpointInterval PASSIVE checkpoint this long after the previous one if data changed
 * @param truncatePages TRUNCATE checkpoint (blocking) once the synced WAL holds this many frames
 * @param maxSyncWalBytes at most this much WAL per L0 file (0 = unlimited), so a huge backlog is
 *     shipped in several files
 * @param maxBackoff cap of the exponential retry delay after replica errors
 * @param metaDir local meta directory; null means Litestream's {@code .<db>-litestream} beside the
 *     database
 * @param minSyncSpacing a commit wakes the sync at once unless one started less than this long ago;
 *     then it waits out the rest, so sustained writes are shipped in batches (at most one upload
 *     per spacing) instead of one upload (one S3 PUT) per commit
 */
public record ReplicationOptions(
    Duration syncInterval,
    Duration snapshotInterval,
    Duration retention,
    List<CompactionLevel> levels,
    Duration l0Retention,
    Duration l0RetentionCheckInterval,
    int minCheckpointPages,
    Duration checkpointInterval,
    int truncatePages,
    long maxSyncWalBytes,
    Duration maxBackoff,
    Path metaDir,
    Duration minSyncSpacing) {

  public ReplicationOptions {
    requirePositive("sync interval", syncInterval);
    requirePositive("snapshot interval", snapshotInterval);
    requirePositive("retention", retention);
    requirePositive("l0 retention check interval", l0RetentionCheckInterval);
    requirePositive("max backoff", maxBackoff);
    if (l0Retention == null || l0Retention.isNegative()) {
      throw new IllegalArgumentException("l0 retention must be zero or positive");
    }
    if (checkpointInterval == null || checkpointInterval.isNegative()) {
      throw new IllegalArgumentException("checkpoint interval must be zero (off) or positive");
    }
    levels = List.copyOf(levels);
    for (int i = 0; i < levels.size(); i++) {
      if (levels.get(i).level() != i + 1
          || levels.get(i).level() >= CompactionLevel.SNAPSHOT_LEVEL) {
        throw new IllegalArgumentException(
            "compaction levels must be 1..N (N <= 8) in order, got " + levels);
      }
    }
    if (minCheckpointPages < 1 || truncatePages < minCheckpointPages) {
      throw new IllegalArgumentException(
          "need 1 <= min checkpoint pages <= truncate pages, got "
              + minCheckpointPages
              + ", "
              + truncatePages);
    }
    if (minSyncSpacing == null || minSyncSpacing.isNegative()) {
      throw new IllegalArgumentException("min sync spacing must be zero or positive");
    }
    if (maxSyncWalBytes < 0) {
      throw new IllegalArgumentException("max sync wal bytes must be >= 0");
    }
  }

  /**
   * Litestream's defaults (1s sync, 24h snapshots and retention, L1/L2/L3 at 30s/5m/1h) plus a 100
   * ms minimum spacing between commit-triggered syncs.
   */
  public static ReplicationOptions defaults() {
    return new ReplicationOptions(
        Duration.ofSeconds(1),
        Duration.ofHours(24),
        Duration.ofHours(24),
        List.of(
            new CompactionLevel(1, Duration.ofSeconds(30)),
            new CompactionLevel(2, Duration.ofMinutes(5)),
            new CompactionLevel(3, Duration.ofHours(1))),
        Duration.ofMinutes(5),
        Duration.ofSeconds(15),
        1000,
        Duration.ofMinutes(1),
        121359,
        64L << 20,
        Duration.ofMinutes(5),
        null,
        Duration.ofMillis(100));
  }

  public ReplicationOptions withSyncInterval(Duration value) {
    return edit(o -> o.syncInterval = value);
  }

  public ReplicationOptions withSnapshotInterval(Duration value) {
    return edit(o -> o.snapshotInterval = value);
  }

  public ReplicationOptions withRetention(Duration value) {
    return edit(o -> o.retention = value);
  }

  public ReplicationOptions withLevels(List<CompactionLevel> value) {
    return edit(o -> o.levels = value);
  }

  public ReplicationOptions withL0Retention(Duration value, Duration checkInterval) {
    return edit(
        o -> {
          o.l0Retention = value;
          o.l0RetentionCheckInterval = checkInterval;
        });
  }

  public ReplicationOptions withCheckpoints(int minPages, Duration interval, int truncate) {
    return edit(
        o -> {
          o.minCheckpointPages = minPages;
          o.checkpointInterval = interval;
          o.truncatePages = truncate;
        });
  }

  public ReplicationOptions withMaxBackoff(Duration value) {
    return edit(o -> o.maxBackoff = value);
  }

  public ReplicationOptions withMetaDir(Path value) {
    return edit(o -> o.metaDir = value);
  }

  public ReplicationOptions withMaxSyncWalBytes(long value) {
    return edit(o -> o.maxSyncWalBytes = value);
  }

  public ReplicationOptions withMinSyncSpacing(Duration value) {
    return edit(o -> o.minSyncSpacing = value);
  }

  /** A copy with {@code change} applied to its fields, validated again. */
  private ReplicationOptions edit(Consumer<Fields> change) {
    Fields o = new Fields(this);
    change.accept(o);
    return new ReplicationOptions(
        o.syncInterval,
        o.snapshotInterval,
        o.retention,
        o.levels,
        o.l0Retention,
        o.l0RetentionCheckInterval,
        o.minCheckpointPages,
        o.checkpointInterval,
        o.truncatePages,
        o.maxSyncWalBytes,
        o.maxBackoff,
        o.metaDir,
        o.minSyncSpacing);
  }

  /** The record's fields, mutable, for {@link #edit}. */
  private static final class Fields {
    Duration syncInterval;
    Duration snapshotInterval;
    Duration retention;
    List<CompactionLevel> levels;
    Duration l0Retention;
    Duration l0RetentionCheckInterval;
    int minCheckpointPages;
    Duration checkpointInterval;
    int truncatePages;
    long maxSyncWalBytes;
    Duration maxBackoff;
    Path metaDir;
    Duration minSyncSpacing;

    Fields(ReplicationOptions o) {
      syncInterval = o.syncInterval;
      snapshotInterval = o.snapshotInterval;
      retention = o.retention;
      levels = o.levels;
      l0Retention = o.l0Retention;
      l0RetentionCheckInterval = o.l0RetentionCheckInterval;
      minCheckpointPages = o.minCheckpointPages;
      checkpointInterval = o.checkpointInterval;
      truncatePages = o.truncatePages;
      maxSyncWalBytes = o.maxSyncWalBytes;
      maxBackoff = o.maxBackoff;
      metaDir = o.metaDir;
      minSyncSpacing = o.minSyncSpacing;
    }
  }

  /** The meta directory for {@code database}: the configured one or {@code .<name>-litestream}. */
  public Path metaDirFor(Path database) {
    if (metaDir != null) {
      return metaDir;
    }
    Path abs = database.toAbsolutePath();
    return abs.resolveSibling("." + abs.getFileName() + "-litestream");
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
