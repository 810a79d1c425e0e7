package dev.sqliterest.replication;

import java.time.Duration;

/**
 * One compaction level and how often it is compacted from the level below (Litestream's {@code
 * CompactionLevel}); level 9 is the snapshot level, compacted at the snapshot interval.
 */
public record CompactionLevel(int level, Duration interval) {

  /** Level of full database snapshots. */
  public static final int SNAPSHOT_LEVEL = 9;

  public CompactionLevel {
    if (level < 1 || level > SNAPSHOT_LEVEL) {
      throw new IllegalArgumentException("compaction level must be in 1..9, got " + level);
    }
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("level " + level + " interval must be positive");
    }
  }
}
