package dev.sqliterest.sqlite;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to open a database; validated once, then immutable.
 *
 * @param path the database file
 * @param create create the file when it does not exist (otherwise a missing file is an error)
 * @param readOnly open every connection read-only (writes fail with SQLITE_READONLY)
 * @param readers size of the read-only connection pool
 * @param busyTimeout how long a connection waits for a lock before SQLITE_BUSY
 * @param synchronous the {@code PRAGMA synchronous} level of the writer (NORMAL or FULL)
 * @param autocheckpoint false turns SQLite's automatic checkpoints off on our connections, so a
 *     replicator can own checkpointing
 * @param groupCommit writes waiting for the writer at the same time share one transaction, each in
 *     its own savepoint (see {@link Database#write}): one fsync under FULL, and under NORMAL one
 *     WAL append of the pages they share instead of one per write
 */
public record DatabaseOptions(
    Path path,
    boolean create,
    boolean readOnly,
    int readers,
    Duration busyTimeout,
    Synchronous synchronous,
    boolean autocheckpoint,
    boolean groupCommit) {

  /** {@code PRAGMA synchronous} levels that make sense in WAL mode. */
  public enum Synchronous {
    OFF,
    NORMAL,
    FULL
  }

  public DatabaseOptions {
    if (path == null) {
      throw new IllegalArgumentException("database path is required");
    }
    if (readers < 1) {
      throw new IllegalArgumentException("readers must be at least 1, got " + readers);
    }
    if (busyTimeout == null || busyTimeout.isNegative()) {
      throw new IllegalArgumentException("busyTimeout must be zero or positive");
    }
  }

  /**
   * Defaults: create off, read-write, 4 readers, 5 s busy timeout, NORMAL, autocheckpoint on, group
   * commit on.
   */
  public static DatabaseOptions defaults(Path path) {
    return new DatabaseOptions(
        path, false, false, 4, Duration.ofSeconds(5), Synchronous.NORMAL, true, true);
  }

  /** Whether concurrent writes share one commit. */
  public boolean groupsCommits() {
    return groupCommit;
  }

  public DatabaseOptions withCreate(boolean value) {
    return new DatabaseOptions(
        path, value, readOnly, readers, busyTimeout, synchronous, autocheckpoint, groupCommit);
  }

  public DatabaseOptions withReadOnly(boolean value) {
    return new DatabaseOptions(
        path, create, value, readers, busyTimeout, synchronous, autocheckpoint, groupCommit);
  }

  public DatabaseOptions withReaders(int value) {
    return new DatabaseOptions(
        path, create, readOnly, value, busyTimeout, synchronous, autocheckpoint, groupCommit);
  }

  public DatabaseOptions withBusyTimeout(Duration value) {
    return new DatabaseOptions(
        path, create, readOnly, readers, value, synchronous, autocheckpoint, groupCommit);
  }

  public DatabaseOptions withSynchronous(Synchronous value) {
    return new DatabaseOptions(
        path, create, readOnly, readers, busyTimeout, value, autocheckpoint, groupCommit);
  }

  public DatabaseOptions withAutocheckpoint(boolean value) {
    return new DatabaseOptions(
        path, create, readOnly, readers, busyTimeout, synchronous, value, groupCommit);
  }

  public DatabaseOptions withGroupCommit(boolean value) {
    return new DatabaseOptions(
        path, create, readOnly, readers, busyTimeout, synchronous, autocheckpoint, value);
  }
}
