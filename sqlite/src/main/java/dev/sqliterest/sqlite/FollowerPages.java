package dev.sqliterest.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * How a follower's database changes under its readers (docs/FORMAT.md, "Following a replica"). The
 * file is in rollback-journal mode. An update holds a fair write lock, so it waits for the reads in
 * flight and new reads wait for it (they park; no reader sits in SQLite's busy handler), and
 * SQLite's own EXCLUSIVE lock on a dedicated connection, so other processes reading the file wait
 * too. Pages are written through the database's long-lived descriptor, then the header is made to
 * say what changed: the file change counter (offset 24) moves, which makes every connection drop
 * its page cache at its next read; the version-valid-for number (92) and the page count (28) agree
 * with it; the format bytes (18, 19) say rollback journal, whatever the primary's page 1 said
 * (WAL). A failed update leaves the file damaged: reads fail until an update succeeds.
 */
final class FollowerPages {

  private static final int HEADER = 100;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
  private final WritableFile file;
  private volatile String damage;

  FollowerPages(WritableFile file) {
    this.file = file;
  }

  /** Runs {@code work} while no update runs; fails while the file is damaged. */
  <T> T read(SqlWork<T> work, Connection connection) throws SQLException {
    lock.readLock().lock();
    try {
      String d = damage;
      if (d != null) {
        throw new SQLException(
            "database " + file.path() + " is incomplete after a failed update (" + d + ")");
      }
      return work.run(connection);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code update} under both locks, then marks the header changed. */
  <T> T update(Connection applier, PageUpdate<T> update) throws SQLException, IOException {
    lock.writeLock().lock();
    try {
      // An empty file (before the first restore) is left to the Java lock: a transaction on an
      // empty database makes SQLite create page 1 itself, and its commit would overwrite ours.
      if (file.size() < HEADER) {
        return apply(update, 0);
      }
      execute(applier, "BEGIN EXCLUSIVE");
      try {
        return apply(update, header().getInt(24));
      } finally {
        execute(applier, "COMMIT"); // nothing to commit: it only releases the lock
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private <T> T apply(PageUpdate<T> update, int counter) throws IOException {
    T result;
    try {
      result = update.apply(file);
    } catch (IOException | RuntimeException e) {
      damage = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      markChanged(counter + 1, e);
      throw e;
    }
    markChanged(counter + 1, null);
    damage = null;
    return result;
  }

  private ByteBuffer header() throws IOException {
    byte[] h = new byte[HEADER];
    file.readFully(h, 0, HEADER, 0);
    return ByteBuffer.wrap(h);
  }

  /** Sets the header fields SQLite checks; a failure is added to {@code failure} when given. */
  private void markChanged(int counter, Exception failure) throws IOException {
    try {
      if (file.size() < HEADER) {
        return; // nothing SQLite could have cached
      }
      ByteBuffer h = header();
      int pageSize = Short.toUnsignedInt(h.getShort(16));
      long pages = file.size() / (pageSize == 1 ? 65536 : pageSize);
      h.put(18, (byte) 1).put(19, (byte) 1);
      h.putInt(24, counter).putInt(28, (int) pages).putInt(92, counter);
      file.write(h.array(), 0, HEADER, 0);
    } catch (IOException e) {
      if (failure == null) {
        damage = e.getMessage();
        throw e;
      }
      failure.addSuppressed(e);
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    }
  }
}
