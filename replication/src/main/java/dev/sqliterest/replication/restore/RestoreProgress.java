package dev.sqliterest.replication.restore;

/**
 * Receives restore progress after each chunk read from the replica; called on the restoring thread,
 * so implementations must be quick.
 */
@FunctionalInterface
public interface RestoreProgress {

  /** Ignores progress. */
  RestoreProgress NONE = (bytesDone, bytesTotal, filesDone, filesTotal) -> {};

  /**
   * @param bytesDone replica bytes read so far
   * @param bytesTotal replica bytes the plan reads in total
   * @param filesDone files completely applied
   * @param filesTotal files in the plan
   */
  void update(long bytesDone, long bytesTotal, int filesDone, int filesTotal);
}
