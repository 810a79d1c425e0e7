package dev.sqliterest.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.ReplicationEvent.Operation;
import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.config.ReplicationConfig;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.metrics.Scrape;
import dev.sqliterest.server.testing.Await;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code serve} with replication on, under a steady HTTP load (one writer inserting numbered rows,
 * one reader counting them) while a test breaks its replica: records every status the API answered
 * and reads {@code /ready} and {@code /metrics} as an operator's probes would.
 */
final class LoadedServer implements AutoCloseable {

  static final String TABLE = "items";

  private final App app;
  private final Http api;
  private final Http admin;
  private final AtomicBoolean loading = new AtomicBoolean(true);
  private final AtomicInteger acknowledged = new AtomicInteger();
  private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final List<Thread> load = new ArrayList<>();

  private LoadedServer(App app) {
    this.app = app;
    this.api = new Http(app.httpPort());
    this.admin = new Http(app.adminPort().orElseThrow());
    load.add(Thread.ofPlatform().name("load-writer").start(this::writeLoop));
    load.add(Thread.ofPlatform().name("load-reader").start(this::readLoop));
  }

  /** Creates {@code db} with the table, starts serving it with {@code replication}, starts load. */
  static LoadedServer start(Path db, ReplicationConfig replication) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE " + TABLE + "(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }
    App app =
        App.start(
            ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of(TABLE))
                .withReplication(Optional.of(replication)),
            Wiring.defaults());
    return new LoadedServer(app);
  }

  private void writeLoop() {
    while (loading.get()) {
      int id = acknowledged.get();
      String row = "{\"id\":" + id + ",\"name\":\"n" + id + "\"}";
      HttpResponse<String> r =
          record(
              () ->
                  api.send(
                      "POST",
                      "/" + TABLE,
                      BodyPublishers.ofString(row),
                      "Content-Type",
                      "application/json"));
      if (r != null && r.statusCode() == 201) {
        acknowledged.incrementAndGet();
      }
    }
  }

  private void readLoop() {
    while (loading.get()) {
      record(() -> api.get("/" + TABLE + "?select=id&order=id.desc&limit=5"));
    }
  }

  private HttpResponse<String> record(java.util.function.Supplier<HttpResponse<String>> call) {
    try {
      HttpResponse<String> r = call.get();
      statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
      return r;
    } catch (UncheckedIOException e) {
      statuses.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet(); // no answer
      return null;
    }
  }

  /** Writes acknowledged with 201 so far. */
  int acknowledged() {
    return acknowledged.get();
  }

  /** Waits until {@code more} further writes were acknowledged: the API is taking writes. */
  void awaitMoreWrites(int more, Duration timeout) {
    int target = acknowledged.get() + more;
    Await.until(timeout, more + " more acknowledged writes", () -> acknowledged.get() >= target);
  }

  /** Every status the API answered so far, by code ({@code -1}: no answer at all). */
  Map<Integer, Integer> statuses() {
    Map<Integer, Integer> out = new TreeMap<>();
    statuses.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  Scrape scrape() {
    return Scrape.parse(admin.get("/metrics").body());
  }

  double metric(String name, String... labels) {
    return scrape()
        .value(name, labels)
        .orElseThrow(() -> new AssertionError("no series " + name + " " + List.of(labels)));
  }

  /** {@code sqlite_rest_replication_errors_total} per operation, every label present. */
  Map<Operation, Double> errors() {
    Scrape s = scrape();
    Map<Operation, Double> out = new EnumMap<>(Operation.class);
    for (Operation op : Operation.values()) {
      out.put(
          op,
          s.value("sqlite_rest_replication_errors_total", "operation", op.label())
              .orElseThrow(() -> new AssertionError("no errors series for " + op.label())));
    }
    return out;
  }

  double errors(Operation op) {
    return errors().get(op);
  }

  long localTxid() {
    return (long) metric("sqlite_rest_replication_txid", "position", "local");
  }

  long replicaTxid() {
    return (long) metric("sqlite_rest_replication_txid", "position", "replica");
  }

  /** The {@code /ready} answer: 200, or 503 with the pending conditions. */
  HttpResponse<String> ready() {
    return admin.get("/ready");
  }

  boolean readyOk() {
    return ready().statusCode() == 200;
  }

  /** {@code /ready} says 503 and names replication as what it waits for. */
  boolean replicationPending() {
    HttpResponse<String> r = ready();
    return r.statusCode() == 503 && r.body().contains("\"replication\"");
  }

  /**
   * Waits until the replica holds everything committed before this call and {@code /ready} is 200
   * again (the gauges refresh every second).
   */
  void awaitCaughtUp(Duration timeout) {
    long target = localTxid();
    Await.until(
        timeout,
        "replica caught up to TXID " + target + " and /ready 200",
        () -> replicaTxid() >= target && readyOk());
  }

  /** What a run left behind: the local TXID (the replica has it), the writes acknowledged. */
  record Outcome(long localTxid, int acknowledged) {}

  /**
   * Stops the load, waits until the replica has every local TXID with no lag and {@code /ready}
   * 200, and checks that the API answered every request with a 2xx.
   */
  Outcome drain(Duration timeout) throws InterruptedException {
    stopLoad();
    Await.until(
        timeout,
        "replica at the local TXID with zero lag",
        () ->
            replicaTxid() == localTxid()
                && metric("sqlite_rest_replication_lag_seconds") == 0
                && readyOk());
    assertThat(statuses())
        .as("API statuses under faults")
        .isNotEmpty()
        .allSatisfy((code, n) -> assertThat(code).as("status").isBetween(200, 299));
    return new Outcome(localTxid(), acknowledged());
  }

  private void stopLoad() throws InterruptedException {
    loading.set(false);
    for (Thread t : load) {
      t.join();
    }
  }

  /** The rows of the served table, {@code id|name}, in id order. */
  static List<String> rows(Path db) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, name FROM " + TABLE + " ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getLong(1) + "|" + rs.getString(2));
      }
    }
    return rows;
  }

  /** Stops the load and the server (graceful: ships what is committed). */
  @Override
  public void close() throws Exception {
    stopLoad();
    app.close();
  }
}
