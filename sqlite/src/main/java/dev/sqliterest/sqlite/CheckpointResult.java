package dev.sqliterest.sqlite;

/**
 * The row {@code PRAGMA wal_checkpoint} returns.
 *
 * @param busy true when the checkpoint could not finish (a lock was held past the busy timeout)
 * @param logFrames frames in the WAL when the checkpoint ran (-1 if not in WAL mode)
 * @param checkpointedFrames frames backfilled into the database file (-1 if not in WAL mode)
 */
public record CheckpointResult(boolean busy, int logFrames, int checkpointedFrames) {

  /** True when every frame of the WAL is now in the database file. */
  public boolean complete() {
    return !busy && logFrames == checkpointedFrames;
  }
}
