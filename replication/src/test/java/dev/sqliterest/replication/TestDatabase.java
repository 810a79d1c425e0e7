package dev.sqliterest.replication;

import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;

/** The database the engine's tests replicate, and the writes they make to it. */
final class TestDatabase {

  private TestDatabase() {}

  /** A new database at {@code file} with automatic checkpoints off and a table t(id, v BLOB). */
  static Database open(Path file) throws SQLException {
    Database db =
        Database.open(DatabaseOptions.defaults(file).withCreate(true).withAutocheckpoint(false));
    db.write(
        c -> c.createStatement().executeUpdate("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)"));
    return db;
  }

  /** Inserts the rows {@code from..to}, each with 1500 random bytes, in one transaction. */
  static void insert(Database db, int from, int to) throws SQLException {
    db.write(
        c -> {
          try (Statement st = c.createStatement()) {
            for (int i = from; i <= to; i++) {
              st.executeUpdate("INSERT INTO t(id, v) VALUES (" + i + ", randomblob(1500))");
            }
          }
          return null;
        });
  }

  /** Replicates {@code db} with {@code options} (no listener): opened and synced once. */
  static ReplicatedDatabase replicate(Database db, ReplicationOptions options)
      throws IOException, SQLException {
    ReplicatedDatabase replicated =
        new ReplicatedDatabase(
            db,
            options,
            InstantSource.system(),
            ReplicationListener.NONE,
            new LagClock(System::nanoTime));
    replicated.open();
    replicated.sync();
    return replicated;
  }

  /** Whether {@code event} reports a failed upload. */
  static boolean uploadFailed(ReplicationEvent event) {
    return event instanceof ReplicationEvent.Failed f
        && f.operation() == ReplicationEvent.Operation.UPLOAD;
  }
}
