package dev.sqliterest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.restore.IntegrityCheck;
import dev.sqliterest.replication.restore.StartupRestoreOptions;
import dev.sqliterest.server.config.ReplicationConfig;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} restores before serving (docs/RESTORE.md): with the local database gone, the first
 * HTTP response already sees the rows restored from {@code --replication-restore-from}; a new
 * database starts on an empty replica; a database the replica does not know stops startup.
 */
final class RestoreBeforeServingTest {

  @TempDir Path dir;

  private static App start(Path db, ReplicationConfig replication) throws AppStartException {
    return App.start(
        ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("items"))
            .withReplication(Optional.of(replication)),
        Wiring.defaults());
  }

  private static void createItems(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }
  }

  /** Serves {@code db} replicated to {@code replica} and writes 30 rows through the API. */
  private static void seed(Path db, Path replica) throws Exception {
    createItems(db);
    App app = start(db, ReplicationConfig.fileReplica(replica));
    try {
      Http api = new Http(app.httpPort());
      for (int i = 0; i < 30; i++) {
        var r =
            api.send(
                "POST",
                "/items",
                BodyPublishers.ofString("{\"id\":" + i + ",\"name\":\"n" + i + "\"}"),
                "Content-Type",
                "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      }
    } finally {
      app.close(); // ships every committed transaction
    }
  }

  private static void deleteDatabase(Path db) throws Exception {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
    }
  }

  @Test
  void missingDatabase_restoredFromOtherReplica_firstResponseSeesRows() throws Exception {
    Path db = dir.resolve("app.db");
    Path seeded = dir.resolve("seeded-replica");
    seed(db, seeded);
    deleteDatabase(db);

    Path fresh = dir.resolve("fresh-replica");
    App app =
        start(
            db,
            ReplicationConfig.fileReplica(fresh)
                .withRestore(
                    Optional.of(ReplicaUrl.parse("file://" + seeded)),
                    StartupRestoreOptions.defaults()));
    try {
      var first = new Http(app.httpPort()).get("/items?select=id&order=id.desc&limit=1");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("[{\"id\":29}]");
      assertThat(new Http(app.httpPort()).get("/items?select=id").body().split("\\{")).hasSize(31);
    } finally {
      app.close();
    }
  }

  @Test
  void restartAtReplicaPosition_servesLocalWithoutRestore() throws Exception {
    Path db = dir.resolve("app.db");
    Path replica = dir.resolve("replica");
    seed(db, replica);
    // a restore would rename a new file over the database: the file identity (inode) tells
    Object fileKey =
        Files.readAttributes(db, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    App app = start(db, ReplicationConfig.fileReplica(replica));
    try {
      assertThat(new Http(app.httpPort()).get("/items?select=id&id=eq.29").body())
          .isEqualTo("[{\"id\":29}]");
    } finally {
      app.close();
    }
    assertThat(
            Files.readAttributes(db, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
        .isNotNull()
        .isEqualTo(fileKey);
  }

  @Test
  void noDatabase_emptyReplica_startsNewDatabase() throws Exception {
    Path db = dir.resolve("new.db");
    App app = start(db, ReplicationConfig.fileReplica(dir.resolve("empty")));
    try {
      assertThat(Files.exists(db)).isTrue();
      assertThat(new Http(app.httpPort()).get("/items").statusCode()).isEqualTo(404);
    } finally {
      app.close();
    }
  }

  @Test
  void databaseUnknownToReplica_refusesToStart_unlessForced() throws Exception {
    Path seededDb = dir.resolve("seeded.db");
    Path replica = dir.resolve("replica");
    seed(seededDb, replica);
    Path other = dir.resolve("other.db");
    createItems(other);
    assertThatThrownBy(() -> start(other, ReplicationConfig.fileReplica(replica)))
        .isInstanceOf(AppStartException.class)
        .hasMessageContaining("no replication state")
        .hasMessageContaining("--replication-restore-force");
    StartupRestoreOptions force =
        new StartupRestoreOptions(Duration.ZERO, Duration.ZERO, true, IntegrityCheck.FULL);
    App app =
        start(other, ReplicationConfig.fileReplica(replica).withRestore(Optional.empty(), force));
    try {
      assertThat(new Http(app.httpPort()).get("/items?select=id&id=eq.29").body())
          .isEqualTo("[{\"id\":29}]");
    } finally {
      app.close();
    }
  }
}
