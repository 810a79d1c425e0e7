package dev.sqliterest.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaClients;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.restore.IntegrityCheck;
import dev.sqliterest.replication.restore.RestoreProgress;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.replication.restore.Restorer;
import dev.sqliterest.server.config.ReplicationAck;
import dev.sqliterest.server.config.ReplicationConfig;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.server.testing.Replicated;
import dev.sqliterest.sqlite.DatabaseOptions;
import dev.sqliterest.testing.InProcessS3;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicated acknowledgements over HTTP: a write is answered only once the replica holds it,
 * concurrent writers share uploads, and a replica that does not confirm in time gets the write a
 * 504 that says it is committed locally.
 */
final class ReplicatedAckTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private App start(String replicaUrl, ReplicationAck ack) throws Exception {
    Path db = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE IF NOT EXISTS items(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }
    ReplicationConfig replication = Replicated.fast(replicaUrl).withAck(ack);
    return App.start(
        ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("items"))
            .withReplication(Optional.of(replication)),
        Wiring.defaults());
  }

  private static HttpResponse<String> insert(Http api, int id, String... prefer) {
    List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
    for (String p : prefer) {
      headers.add("Prefer");
      headers.add(p);
    }
    return api.send(
        "POST",
        "/items",
        BodyPublishers.ofString("{\"id\":" + id + ",\"name\":\"n" + id + "\"}"),
        headers.toArray(String[]::new));
  }

  private List<String> restore(String replicaUrl, String name) throws Exception {
    return restore(replicaUrl, name, RestoreTarget.latest());
  }

  private List<String> restore(String replicaUrl, String name, RestoreTarget target)
      throws Exception {
    Path out = dir.resolve(name);
    try (ReplicaClient client = ReplicaClients.installed().open(ReplicaUrl.parse(replicaUrl))) {
      new Restorer(client).restore(target, out, IntegrityCheck.FULL, RestoreProgress.NONE);
    }
    return Replicated.itemRows(out);
  }

  /** The {@code Replication-Txid} of a write response. */
  private static long txid(HttpResponse<String> r) {
    String hex = r.headers().firstValue("Replication-Txid").orElseThrow();
    assertThat(hex).matches("[0-9a-f]{16}");
    return Long.parseUnsignedLong(hex, 16);
  }

  @Test
  void serverDefaultReplicated_everyAnsweredWriteIsAlreadyOnTheReplica() throws Exception {
    String url = dir.resolve("replica").toUri().toString();
    try (App app = start(url, new ReplicationAck(true, Duration.ofSeconds(10)))) {
      Http api = new Http(app.httpPort());
      for (int id = 1; id <= 5; id++) {
        HttpResponse<String> r = insert(api, id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Preference-Applied")).isEmpty();
        // no waiting here: the answer came after the replica had it, at the TXID it names
        assertThat(restore(url, "after-" + id + ".db", new RestoreTarget.AtTxid(txid(r))))
            .contains(id + "|n" + id);
      }
    }
  }

  @Test
  void replicatedWrites_nameGrowingTxids_whoseStateHoldsThem_asyncWritesAPromisedOne()
      throws Exception {
    String url = dir.resolve("replica").toUri().toString();
    try (App app = start(url, ReplicationAck.DEFAULTS)) {
      Http api = new Http(app.httpPort());
      long previous = 0;
      for (int id = 1; id <= 3; id++) {
        HttpResponse<String> r = insert(api, id, "durability=replicated");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        long txid = txid(r);
        assertThat(txid).as("TXIDs grow with the writes").isGreaterThan(previous);
        previous = txid;
      }
      HttpResponse<String> async = insert(api, 4);
      assertThat(async.statusCode()).as(async.body()).isEqualTo(201);
      long promised = txid(async);
      assertThat(promised).as("at or after the file holding it").isGreaterThan(previous);
      // the state at the third write's TXID holds the first three, not the one after it
      assertThat(restore(url, "at.db", new RestoreTarget.AtTxid(previous)))
          .containsExactlyInAnyOrder("1|n1", "2|n2", "3|n3");
      // a replicated write after it names a TXID at or after the promised one, held by the replica
      HttpResponse<String> after = insert(api, 5, "durability=replicated");
      assertThat(txid(after)).isGreaterThanOrEqualTo(promised);
      assertThat(restore(url, "promised.db", new RestoreTarget.AtTxid(promised))).contains("4|n4");
    }
  }

  @Test
  void asyncServer_preferReplicated_waitsAndIsEchoed() throws Exception {
    String url = dir.resolve("replica").toUri().toString();
    try (App app = start(url, ReplicationAck.DEFAULTS)) {
      Http api = new Http(app.httpPort());
      HttpResponse<String> r = insert(api, 7, "durability=replicated");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      assertThat(r.headers().firstValue("Preference-Applied")).hasValue("durability=replicated");
      assertThat(r.headers().allValues("Server-Timing"))
          .anySatisfy(t -> assertThat(t).contains("replicate;dur="));
      assertThat(restore(url, "after.db")).contains("7|n7");
    }
  }

  @Test
  void replicaFailing_writeGets504CommittedLocally_thenCatchesUp() throws Exception {
    Path replica = dir.resolve("replica");
    String url = replica.toUri().toString();
    try (App app = start(url, new ReplicationAck(true, Duration.ofMillis(800)))) {
      Http api = new Http(app.httpPort());
      assertThat(insert(api, 1).statusCode()).isEqualTo(201);
      // the replica directory becomes a regular file: every upload fails
      Path aside = dir.resolve("replica-aside");
      Files.move(replica, aside);
      Files.writeString(replica, "not a directory");
      HttpResponse<String> r = insert(api, 2);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("code").asText()).isEqualTo("PGRSTX01");
      assertThat(body.get("message").asText())
          .isEqualTo("The change is committed locally but not yet replicated");
      assertThat(body.get("details").asText()).contains(url).contains("within 800ms");
      assertThat(body.get("hint").asText()).contains("Do not retry");
      assertThat(r.body()).doesNotContain("Exception");
      assertThat(Replicated.itemRows(app.database().path())).contains("2|n2");
      Files.delete(replica);
      Files.move(aside, replica);
      // once the replica is back writes are answered again, and the 504'd one came along
      int id = 3;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      HttpResponse<String> later = insert(api, id);
      while (later.statusCode() == 504 && System.nanoTime() < deadline) {
        later = insert(api, ++id);
      }
      assertThat(later.statusCode()).as(later.body()).isEqualTo(201);
      assertThat(restore(url, "after.db")).contains("2|n2", id + "|n" + id);
    }
  }

  @Test
  void concurrentReplicatedWrites_shareUploads_fileAndS3() throws Exception {
    String file = dir.resolve("replica").toUri().toString();
    int fileUploads = burst(file, "file.db", 2);
    InProcessS3 s3 = InProcessS3.start("bkt");
    try {
      int s3Uploads = burst(s3.url("bkt", "app"), "s3.db", 4);
      System.out.printf(
          "replicated acks: 160 concurrent writes, %d L0 uploads to a file replica,"
              + " %d to S3%n",
          fileUploads, s3Uploads);
    } finally {
      s3.close();
    }
  }

  /**
   * 32 writers send 5 replicated inserts each; returns the L0 files uploaded meanwhile, after
   * asserting that each carried more than {@code minPerUpload} writes on average.
   */
  private int burst(String url, String dbName, int minPerUpload) throws Exception {
    Files.deleteIfExists(dir.resolve("app.db"));
    Files.deleteIfExists(dir.resolve("app.db-wal"));
    Files.deleteIfExists(dir.resolve("app.db-shm"));
    deleteTree(dir.resolve(".app.db-litestream"));
    try (App app = start(url, new ReplicationAck(true, Duration.ofSeconds(30)))) {
      Http api = new Http(app.httpPort());
      long before = l0Files(url);
      AtomicInteger created = new AtomicInteger();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 32; w++) {
        int first = w * 5 + 1;
        writers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int id = first; id < first + 5; id++) {
                        if (insert(api, id).statusCode() == 201) {
                          created.incrementAndGet();
                        }
                      }
                    }));
      }
      for (Thread t : writers) {
        t.join();
      }
      assertThat(created.get()).isEqualTo(160);
      int uploads = (int) (l0Files(url) - before);
      assertThat(uploads)
          .as("L0 uploads for 160 concurrent replicated writes (%s)", url)
          .isPositive()
          .isLessThanOrEqualTo(160 / minPerUpload);
      assertThat(restore(url, dbName)).hasSize(160);
      return uploads;
    }
  }

  private static long l0Files(String url) throws Exception {
    try (ReplicaClient client = ReplicaClients.installed().open(ReplicaUrl.parse(url))) {
      return client.ltxFiles(0, 0, false).size();
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
