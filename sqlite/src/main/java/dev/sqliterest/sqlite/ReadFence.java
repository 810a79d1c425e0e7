package dev.sqliterest.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * A dedicated connection that holds a long read transaction so that no other connection can
 * backfill WAL frames past its snapshot or restart the WAL while a replicator still has to ship
 * them; it also runs the replicator's checkpoints.
 *
 * <p>Why this works (SQLite {@code wal.c}): a checkpointer never backfills frames beyond the
 * snapshot of an open reader, and a writer restarts the WAL only when every frame has been
 * backfilled. So while the fence is held, every frame committed after its snapshot stays readable
 * in the WAL. Frames committed before its snapshot are not protected: a fence that began on a fully
 * backfilled WAL reads the database file alone (read-lock 0), and a writer may then restart the WAL
 * over them (the database file holds their content). Not thread-safe: one replicator owns it.
 */
public final class ReadFence implements AutoCloseable {

  private final Connection connection;
  private final Consumer<ReadFence> onClose;
  private boolean held;
  private boolean closed;

  ReadFence(Connection connection, Consumer<ReadFence> onClose) {
    this.connection = connection;
    this.onClose = onClose;
  }

  /** Starts the read transaction (a no-op when already held). */
  public void hold() throws SQLException {
    if (held) {
      return;
    }
    try (Statement st = connection.createStatement()) {
      st.execute("BEGIN");
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_schema")) {
        rs.next(); // the first read is what actually takes the WAL read lock
      }
    }
    held = true;
  }

  /** Ends the read transaction (a no-op when not held). */
  public void release() throws SQLException {
    if (!held) {
      return;
    }
    try (Statement st = connection.createStatement()) {
      st.execute("ROLLBACK");
    }
    held = false;
  }

  public boolean isHeld() {
    return held;
  }

  /**
   * Releases the fence and runs {@code PRAGMA wal_checkpoint(mode)} on this connection. The fence
   * stays released: the caller re-holds it when it is ready (usually after forcing the WAL
   * restart).
   */
  public CheckpointResult checkpoint(CheckpointMode mode) throws SQLException {
    release();
    return checkpoint(connection, mode);
  }

  /**
   * Runs {@code PRAGMA wal_checkpoint(mode)} on {@code connection}. A replicator should run it on
   * the connection that writes: SQLite stamps each new WAL header with the checkpoint counter of
   * the connection writing it, so checkpointing on another connection leaves the writer's counter
   * stale.
   */
  public static CheckpointResult checkpoint(Connection connection, CheckpointMode mode)
      throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode.name() + ")")) {
      rs.next();
      return new CheckpointResult(rs.getInt(1) != 0, rs.getInt(2), rs.getInt(3));
    }
  }

  /**
   * As {@link #checkpoint(Connection, CheckpointMode)}, but answers busy at once instead of waiting
   * for readers or writers: a RESTART or TRUNCATE checkpoint holds the WAL write lock while it
   * waits for readers, so waiting would stall every writer, other processes' included.
   */
  public static CheckpointResult checkpointWithoutWaiting(
      Connection connection, CheckpointMode mode) throws SQLException {
    int timeout;
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA busy_timeout")) {
      rs.next();
      timeout = rs.getInt(1);
    }
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA busy_timeout = 0");
      try {
        return checkpoint(connection, mode);
      } finally {
        st.execute("PRAGMA busy_timeout = " + timeout);
      }
    }
  }

  /** Releases the read transaction and closes the connection. Idempotent. */
  @Override
  public void close() throws SQLException {
    if (!closed) {
      closed = true;
      try {
        release();
      } finally {
        connection.close();
        onClose.accept(this);
      }
    }
  }
}
