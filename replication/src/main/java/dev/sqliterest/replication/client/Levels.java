package dev.sqliterest.replication.client;

/** Litestream's compaction level numbers: 0 (one file per sync) to 8, and 9 for snapshots. */
public final class Levels {

  /** Level of full database snapshots ({@code SnapshotLevel}). */
  public static final int SNAPSHOT = 9;

  /** The highest level number a replica may hold. */
  public static final int MAX = SNAPSHOT;

  private Levels() {}

  /** Throws unless {@code level} is in 0..9. */
  public static int requireLevel(int level) {
    if (level < 0 || level > MAX) {
      throw new IllegalArgumentException("ltx level must be in 0..9, got " + level);
    }
    return level;
  }
}
