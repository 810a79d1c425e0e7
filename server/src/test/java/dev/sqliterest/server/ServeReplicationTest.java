package dev.sqliterest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.ReplicationOptions;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.client.file.FileReplicaClient;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with replication: writes through the HTTP API reach a file replica, the metrics say
 * so, and after a graceful stop a restore of the replica equals the primary.
 */
final class ServeReplicationTest {

  private static final Pattern SAMPLE =
      Pattern.compile("^(sqlite_rest_replication_\\w+(\\{[^}]*\\})?) (\\S+)$");

  @TempDir Path dir;

  @Test
  void serve_httpWritesReachTheFileReplica_metricsAndRestoreAgree() throws Exception {
    Path db = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }
    Path replica = dir.resolve("replica");
    ServeConfig config = ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("items"));
    App app =
        App.start(
            config.withReplication(Optional.of(ReplicationConfig.fileReplica(replica))),
            Wiring.defaults());
    try {
      assertThat(app.database().options().autocheckpoint()).isFalse();
      Http api = new Http(app.httpPort());
      for (int i = 0; i < 20; i++) {
        String body =
            "[{\"id\":"
                + (i * 2)
                + ",\"name\":\"a"
                + i
                + "\"},{\"id\":"
                + (i * 2 + 1)
                + ",\"name\":\"b"
                + i
                + "\"}]";
        var response =
            api.send(
                "POST",
                "/items",
                BodyPublishers.ofString(body),
                "Content-Type",
                "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      }
      Http admin = new Http(app.adminPort().orElseThrow());
      Map<String, Double> metrics = awaitMetrics(admin);
      assertThat(metrics.get("sqlite_rest_replication_txid{position=\"local\"}"))
          .isEqualTo(metrics.get("sqlite_rest_replication_txid{position=\"replica\"}"))
          .isGreaterThan(1);
      assertThat(metrics.get("sqlite_rest_replication_bytes_replicated_total")).isPositive();
      assertThat(metrics.get("sqlite_rest_replication_errors_total{operation=\"upload\"}"))
          .isZero();
      assertThat(metrics.get("sqlite_rest_replication_last_snapshot_timestamp")).isPositive();
      assertThat(admin.get("/ready").statusCode()).isEqualTo(200);
      assertThat(replica.resolve("ltx/0")).isDirectory();
    } finally {
      app.close();
    }
    Path restored = dir.resolve("restored.db");
    try (FileReplicaClient client = new FileReplicaClient(replica)) {
      new Restorer(client)
          .restore(RestoreTarget.latest(), restored, IntegrityCheck.FULL, RestoreProgress.NONE);
    }
    assertThat(Replicated.itemRows(restored)).hasSize(40).isEqualTo(Replicated.itemRows(db));
  }

  @Test
  void serve_unreachableReplica_failsStartNamingTheUrl() throws Exception {
    Path db = dir.resolve("fail.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items(id INTEGER PRIMARY KEY)");
    }
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    ReplicationConfig replication = ReplicationConfig.fileReplica(notADirectory.resolve("sub"));
    ServeConfig config = ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("items"));
    assertThatThrownBy(
            () -> App.start(config.withReplication(Optional.of(replication)), Wiring.defaults()))
        .isInstanceOf(AppStartException.class)
        .hasMessageContaining(notADirectory.resolve("sub").toUri().toString())
        .hasMessageContaining("not a directory")
        .hasMessageContaining("--replication-allow-degraded");
  }

  @Test
  void serve_unusableReplica_degradedModeServesWritesAndCountsErrors() throws Exception {
    Path db = dir.resolve("degraded.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    ReplicationConfig replication =
        ReplicationConfig.to(ReplicaUrl.parse(notADirectory.resolve("sub").toUri().toString()))
            .withEngine(ReplicationOptions.defaults().withSyncInterval(Duration.ofMillis(200)))
            .withAllowDegraded(true);
    ServeConfig config =
        ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("items"))
            .withShutdownTimeout(Duration.ofMillis(500))
            .withReplication(Optional.of(replication));
    App app = App.start(config, Wiring.defaults());
    try {
      var response =
          new Http(app.httpPort())
              .send(
                  "POST",
                  "/items",
                  BodyPublishers.ofString("{\"id\":1,\"name\":\"a\"}"),
                  "Content-Type",
                  "application/json");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      Http admin = new Http(app.adminPort().orElseThrow());
      assertThat(admin.get("/ready").statusCode()).isEqualTo(200); // degraded mode: ready anyway
      assertThat(
              scrape(admin.get("/metrics").body())
                  .get("sqlite_rest_replication_errors_total{operation=\"start\"}"))
          .isPositive();
    } finally {
      app.close();
    }
  }

  private static Map<String, Double> awaitMetrics(Http admin) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      Map<String, Double> m = scrape(admin.get("/metrics").body());
      Double lag = m.get("sqlite_rest_replication_lag_seconds");
      Double local = m.get("sqlite_rest_replication_txid{position=\"local\"}");
      Double remote = m.get("sqlite_rest_replication_txid{position=\"replica\"}");
      if (lag != null && lag == 0 && local != null && local.equals(remote) && local > 1) {
        return m;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("replication metrics did not catch up: " + m);
      }
      Thread.sleep(100);
    }
  }

  private static Map<String, Double> scrape(String text) {
    Map<String, Double> out = new TreeMap<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches()) {
        out.put(m.group(1), Double.parseDouble(m.group(3)));
      }
    }
    return out;
  }
}
