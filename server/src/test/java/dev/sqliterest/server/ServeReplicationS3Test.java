package dev.sqliterest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.client.s3.S3Options;
import dev.sqliterest.replication.client.s3.S3ReplicaClient;
import dev.sqliterest.replication.restore.IntegrityCheck;
import dev.sqliterest.replication.restore.RestoreProgress;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.replication.restore.Restorer;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.server.testing.Replicated;
import dev.sqliterest.sqlite.DatabaseOptions;
import dev.sqliterest.testing.InProcessS3;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} replicating to S3 (in-process s3proxy, path style) while it takes writes through
 * the HTTP API; the S3 server is stopped and restarted mid-load: the API keeps answering, the
 * errors are counted in /metrics, /ready reports replication, and after recovery the replica has
 * every TXID without a gap and restores to the primary's content.
 */
final class ServeReplicationS3Test {

  private static final Pattern SAMPLE =
      Pattern.compile("^(sqlite_rest_replication_\\w+(\\{[^}]*\\})?) (\\S+)$");

  @TempDir Path dir;

  @Test
  void serve_s3Outage_apiKeepsServing_errorsCounted_noGapAfterRecovery() throws Exception {
    InProcessS3 s3 = InProcessS3.start("bkt");
    Path db = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }
    String url = s3.url("bkt", "app");
    ServeConfig config =
        ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("items"))
            .withReplication(Optional.of(Replicated.fast(url)));
    App app = App.start(config, Wiring.defaults());
    Http api = new Http(app.httpPort());
    Http admin = new Http(app.adminPort().orElseThrow());
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger written = new AtomicInteger();
    AtomicInteger failedWrites = new AtomicInteger();
    Thread load =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (loading.get()) {
                    int id = written.get();
                    var r =
                        api.send(
                            "POST",
                            "/items",
                            BodyPublishers.ofString("{\"id\":" + id + ",\"name\":\"n" + id + "\"}"),
                            "Content-Type",
                            "application/json");
                    if (r.statusCode() == 201) {
                      written.incrementAndGet();
                    } else {
                      failedWrites.incrementAndGet();
                    }
                  }
                });
    try {
      await(() -> written.get() > 30);
      // something beyond the first sync is on the replica (a loaded machine may not be there yet)
      await(() -> metric(admin, "sqlite_rest_replication_txid{position=\"replica\"}") > 1);
      s3.stop();
      await(() -> admin.get("/ready").statusCode() == 503);
      int duringOutage = written.get();
      await(() -> written.get() > duringOutage + 30); // the API keeps serving writes
      await(() -> metric(admin, "sqlite_rest_replication_errors_total{operation=\"upload\"}") > 0);
      Thread.sleep(1100); // the gauges refresh every second
      double replicaTxid = metric(admin, "sqlite_rest_replication_txid{position=\"replica\"}");
      double lag = metric(admin, "sqlite_rest_replication_lag_seconds");
      assertThat(lag).isPositive();
      Thread.sleep(1100);
      // the replica still holds what it had: its TXID stays where it was, lag keeps growing
      assertThat(replicaTxid).as("replica TXID during the outage").isGreaterThan(1);
      assertThat(metric(admin, "sqlite_rest_replication_txid{position=\"replica\"}"))
          .isEqualTo(replicaTxid);
      assertThat(metric(admin, "sqlite_rest_replication_txid{position=\"local\"}"))
          .isGreaterThan(replicaTxid);
      assertThat(metric(admin, "sqlite_rest_replication_lag_seconds")).isGreaterThan(lag + 0.5);
      s3.restart();
      await(() -> written.get() > duringOutage + 60);
      loading.set(false);
      load.join();
      await(
          () ->
              admin.get("/ready").statusCode() == 200
                  && metric(admin, "sqlite_rest_replication_lag_seconds") == 0
                  && metric(admin, "sqlite_rest_replication_txid{position=\"local\"}")
                      == metric(admin, "sqlite_rest_replication_txid{position=\"replica\"}"));
      assertThat(failedWrites.get()).isZero();
    } finally {
      loading.set(false);
      load.join();
      app.close();
    }
    Path restored = dir.resolve("restored.db");
    try (S3ReplicaClient client =
        new S3ReplicaClient(S3Options.fromUrl(ReplicaUrl.parse(url), s3.env()))) {
      List<LtxFileInfo> l0 = client.ltxFiles(0, 0, false);
      for (int i = 1; i < l0.size(); i++) {
        assertThat(l0.get(i).minTxid()).as("no TXID gap").isEqualTo(l0.get(i - 1).maxTxid() + 1);
      }
      new Restorer(client)
          .restore(RestoreTarget.latest(), restored, IntegrityCheck.FULL, RestoreProgress.NONE);
    } finally {
      s3.close();
    }
    assertThat(Replicated.itemRows(restored))
        .hasSize(written.get())
        .isEqualTo(Replicated.itemRows(db));
  }

  @Test
  void serve_s3BucketMissing_failsStartNamingUrlCauseAndDegradedFlag() throws Exception {
    InProcessS3 s3 = InProcessS3.start();
    Path db = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }
    String url = s3.url("nobucket", "app");
    ServeConfig config =
        ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("items"))
            .withReplication(Optional.of(Replicated.fast(url)));
    try {
      assertThatThrownBy(() -> App.start(config, Wiring.defaults()))
          .isInstanceOf(AppStartException.class)
          .hasMessageContaining(url)
          .hasMessageContaining("bucket nobucket does not exist")
          .hasMessageContaining("--replication-allow-degraded");
    } finally {
      s3.close();
    }
  }

  private static double metric(Http admin, String series) {
    Map<String, Double> out = new TreeMap<>();
    for (String line : admin.get("/metrics").body().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches()) {
        out.put(m.group(1), Double.parseDouble(m.group(3)));
      }
    }
    Double v = out.get(series);
    if (v == null) {
      throw new AssertionError("no series " + series + " in " + out.keySet());
    }
    return v;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 60 s");
      }
      Thread.sleep(20);
    }
  }
}
