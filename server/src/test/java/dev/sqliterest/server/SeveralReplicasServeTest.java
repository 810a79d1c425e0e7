package dev.sqliterest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaClients;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.restore.IntegrityCheck;
import dev.sqliterest.replication.restore.RestoreProgress;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.replication.restore.Restorer;
import dev.sqliterest.server.config.ReplicationConfig;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.server.testing.Replicated;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with two replicas: the restore before serving reads the replica with the newest
 * state (whatever the order they are given in), the replica that was behind catches up, a
 * replicated write is answered once both hold it, and each replica has its own metrics.
 */
final class SeveralReplicasServeTest {

  @TempDir Path dir;

  private App start(Path db, List<Path> replicas) throws AppStartException {
    ReplicationConfig replication =
        Replicated.fast(replicas.getFirst().toUri().toString())
            .withReplicas(
                replicas.stream().map(p -> ReplicaUrl.parse(p.toUri().toString())).toList());
    return App.start(
        ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("items"))
            .withReplication(Optional.of(replication)),
        Wiring.defaults());
  }

  private static HttpResponse<String> insert(Http api, int id, String... prefer) {
    List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
    for (String p : prefer) {
      headers.addAll(List.of("Prefer", p));
    }
    return api.send(
        "POST",
        "/items",
        BodyPublishers.ofString("{\"id\":" + id + ",\"name\":\"n" + id + "\"}"),
        headers.toArray(String[]::new));
  }

  private void write(Path db, List<Path> replicas, int from, int to) throws Exception {
    try (App app = start(db, replicas)) {
      Http api = new Http(app.httpPort());
      for (int id = from; id <= to; id++) {
        assertThat(insert(api, id).statusCode()).isEqualTo(201);
      }
    } // a graceful stop ships every committed transaction
  }

  private static List<String> rows(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> i + "|n" + i).toList();
  }

  private List<String> restore(Path replica) throws Exception {
    Path out = dir.resolve("restored-" + System.nanoTime() + ".db");
    try (ReplicaClient client =
        ReplicaClients.installed().open(ReplicaUrl.parse(replica.toUri().toString()))) {
      new Restorer(client)
          .restore(RestoreTarget.latest(), out, IntegrityCheck.FULL, RestoreProgress.NONE);
    }
    return Replicated.itemRows(out);
  }

  @Test
  void lostMachine_restoresFromTheNewestReplica_theOneBehindCatchesUp_writesWaitForBoth()
      throws Exception {
    Path db = dir.resolve("app.db");
    Path newer = dir.resolve("replica-newer");
    Path older = dir.resolve("replica-older");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }
    write(db, List.of(newer), 1, 10);
    copyTree(newer, older); // older stops at row 10
    write(db, List.of(newer), 11, 20);
    assertThat(restore(older)).isEqualTo(rows(1, 10));

    // the machine is lost: database, WAL and replication state
    for (String name : List.of("app.db", "app.db-wal", "app.db-shm")) {
      Files.deleteIfExists(dir.resolve(name));
    }
    deleteTree(dir.resolve(".app.db-litestream"));

    try (App app = start(db, List.of(older, newer))) {
      Http api = new Http(app.httpPort());
      assertThat(api.get("/items?select=id&order=id.desc&limit=1").body())
          .as("restored from the newer replica although the older one is listed first")
          .isEqualTo("[{\"id\":20}]");
      HttpResponse<String> r = insert(api, 21, "durability=replicated");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      // answered once both replicas hold it: no waiting here
      assertThat(restore(older)).isEqualTo(rows(1, 21));
      assertThat(restore(newer)).isEqualTo(rows(1, 21));

      String metrics = new Http(app.adminPort().orElseThrow()).get("/metrics").body();
      for (String name : List.of("replica-older", "replica-newer")) {
        String label = "\\{replica=\"[^\"]*" + name + "/?\"}";
        assertThat(metrics)
            .containsPattern("sqlite_rest_replication_replica_healthy" + label + " 1")
            .containsPattern("sqlite_rest_replication_replica_bytes_total" + label + " [1-9]");
      }
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(from.relativize(f).toString()));
      }
    }
  }

  private static void deleteTree(Path root) throws Exception {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
