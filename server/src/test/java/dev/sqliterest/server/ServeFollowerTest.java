package dev.sqliterest.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sqliterest.replication.FollowOptions;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.server.config.FollowConfig;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.metrics.Scrape;
import dev.sqliterest.server.testing.Await;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.server.testing.Replicated;
import dev.sqliterest.sqlite.DatabaseOptions;
import dev.sqliterest.testing.InProcessS3;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code serve --replication-follow} beside a replicating primary, both in this JVM and talking
 * HTTP: the follower is not ready before the primary's first snapshot, then serves every row, never
 * half of a 50-row bulk insert, over a file and an S3 replica; it refuses writes naming the
 * primary, and holds a read until the TXID its {@code Replication-Min-Txid} names is applied.
 * Readers run while three writers insert 50-row bulks at once.
 */
final class ServeFollowerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BULK = 50;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private App primary;
  private App follower;
  private Http primaryApi;
  private Http followerApi;
  private Http followerAdmin;
  private final AtomicInteger nextId = new AtomicInteger(1);

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "s3"})
  void startedBeforeThePrimary_readyAfterTheFirstSnapshot_neverServesHalfABulkInsert(String kind)
      throws Exception {
    String url = replica(kind);
    startFollower(url, Duration.ofMillis(300), Optional.empty());
    assertThat(followerAdmin.get("/ready").statusCode()).isEqualTo(503);
    assertThat(followerAdmin.get("/ready").body()).contains(FollowerService.READY_CONDITION);
    HttpResponse<String> early = followerApi.get("/items");
    assertThat(early.statusCode()).isEqualTo(503);
    assertThat(json(early).path("code").asText()).isEqualTo("PGRSTX02");
    assertThat(early.headers().firstValue("Retry-After")).hasValue("1");

    startPrimary(url);
    insertBulk();
    Await.until(TIMEOUT, "follower ready", () -> followerAdmin.get("/ready").statusCode() == 200);
    awaitFollowerHasEveryRow();

    AtomicBoolean reading = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    Set<Integer> counts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      readers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (reading.get()) {
                      HttpResponse<String> r = followerApi.get("/items?select=id");
                      if (r.statusCode() != 200) {
                        wrong.add(r.statusCode() + " " + r.body());
                        continue;
                      }
                      int n = json(r).size();
                      counts.add(n);
                      if (n % BULK != 0) {
                        wrong.add("saw " + n + " rows");
                      }
                    }
                  }));
    }
    // three concurrent writers, past the 1,000 rows above which a primary streams a read (a
    // follower renders it whole)
    try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        done.add(
            writers.submit(
                () -> {
                  for (int i = 0; i < 8; i++) {
                    insertBulk();
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(); // a failed POST fails the test here
      }
    }
    awaitFollowerHasEveryRow();
    reading.set(false);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(wrong).isEmpty();
    assertThat(counts.size()).as("states the readers saw").isGreaterThan(1);

    Scrape primaryMetrics =
        Scrape.parse(new Http(primary.adminPort().orElseThrow()).get("/metrics").body());
    Await.until(
        TIMEOUT,
        "the follower's local TXID gauge reaches the primary's",
        () ->
            Scrape.parse(followerAdmin.get("/metrics").body())
                    .value("sqlite_rest_replication_txid", "position", "local")
                    .orElse(-1)
                >= primaryMetrics
                    .value("sqlite_rest_replication_txid", "position", "local")
                    .orElseThrow());
    Scrape followed = Scrape.parse(followerAdmin.get("/metrics").body());
    assertThat(followed.value("sqlite_rest_replication_lag_seconds")).isPresent();
  }

  @Test
  void writes_are405_namingThePrimary_andChangeNothing() throws Exception {
    String url = replica("file");
    startPrimary(url);
    insertBulk();
    startFollower(url, Duration.ofSeconds(5), Optional.of(URI.create("http://primary:8080")));
    awaitFollowerHasEveryRow();

    for (String method : List.of("POST", "PATCH", "PUT", "DELETE")) {
      HttpResponse<String> r =
          followerApi.send(
              method,
              "/items?id=eq.1",
              BodyPublishers.ofString("{\"id\":1,\"name\":\"changed\"}"),
              "Content-Type",
              "application/json");
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      JsonNode body = json(r);
      assertThat(body.path("code").asText()).isEqualTo("25006");
      assertThat(body.path("message").asText()).contains(method).contains("read replica");
      assertThat(body.path("hint").asText()).contains("http://primary:8080/items?id=eq.1");
      assertThat(r.headers().firstValue("Location")).hasValue("http://primary:8080/items?id=eq.1");
      assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    }
    assertThat(json(followerApi.get("/items?id=eq.1")).get(0).path("name").asText())
        .isEqualTo("n1");
  }

  @Test
  void consoleStatus_namesTheRole_andTheFollowersAppliedTxid() throws Exception {
    String url = replica("file");
    startPrimary(url);
    insertBulk();
    startFollower(url, Duration.ofSeconds(5), Optional.empty());
    awaitFollowerHasEveryRow();

    JsonNode following = json(followerApi.get("/_console/status")).path("replication");
    assertThat(following.path("role").asText()).isEqualTo("follower");
    assertThat(following.path("replicas").get(0).asText()).isEqualTo(url.replaceAll("/$", ""));
    String served = followerApi.get("/items").headers().firstValue(FollowerApi.TXID).orElseThrow();
    assertThat(following.path("localTxid").asLong()).isEqualTo(Long.parseUnsignedLong(served, 16));
    assertThat(following.path("lastSnapshot").isNull()).isTrue();
    assertThat(json(primaryApi.get("/_console/status")).path("replication").path("role").asText())
        .isEqualTo("primary");
  }

  @Test
  void consoleStatus_listsTheFollowersFailedPolls_whileTheReplicaIsUnreachable() throws Exception {
    InProcessS3 s3 = InProcessS3.start("bkt");
    open.add(s3);
    String url = s3.url("bkt", "app");
    startPrimary(url);
    insertBulk();
    startFollower(url, Duration.ofSeconds(5), Optional.empty());
    awaitFollowerHasEveryRow();
    assertThat(followerStatus().path("recentErrors")).isEmpty();

    s3.stop();
    JsonNode failing = awaitFollowerStatus("a failed poll", r -> !r.path("recentErrors").isEmpty());
    JsonNode error = failing.path("recentErrors").get(0);
    assertThat(error.path("operation").asText()).isEqualTo("follow");
    assertThat(error.path("message").asText()).contains("connection refused");
    assertThat(error.path("consecutive").asInt()).isPositive();
    awaitFollowerStatus("unhealthy", r -> !r.path("healthy").asBoolean());

    s3.restart();
    JsonNode recovered = awaitFollowerStatus("healthy again", r -> r.path("healthy").asBoolean());
    assertThat(recovered.path("recentErrors")).as("failures stay listed").isNotEmpty();
  }

  private JsonNode followerStatus() {
    return json(followerApi.get("/_console/status")).path("replication");
  }

  private JsonNode awaitFollowerStatus(String what, Predicate<JsonNode> until) {
    JsonNode[] seen = new JsonNode[1];
    Await.until(TIMEOUT, what, () -> until.test(seen[0] = followerStatus()));
    return seen[0];
  }

  @Test
  void minTxid_holdsTheReadUntilApplied_elseAnswers503_andABadTokenIs400() throws Exception {
    String url = replica("file");
    startPrimary(url);
    insertBulk();
    startFollower(url, Duration.ofMillis(400), Optional.empty());
    awaitFollowerHasEveryRow();
    HttpResponse<String> current = followerApi.get("/items?select=id");
    String served = current.headers().firstValue(FollowerApi.TXID).orElseThrow();
    assertThat(served).matches("[0-9a-f]{16}");
    long next = Long.parseUnsignedLong(served, 16) + 1;

    // far ahead: the primary may still write a file (one it owes to a promised TXID, even empty)
    String unreached = String.format("%016x", next + 1_000);
    HttpResponse<String> tooSoon = followerApi.get("/items", FollowerApi.MIN_TXID, unreached);
    assertThat(tooSoon.statusCode()).isEqualTo(503);
    assertThat(tooSoon.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json(tooSoon).path("message").asText()).contains(unreached);

    // a generous wait this time: the read returns once the primary's next write is applied
    follower.close();
    open.remove(follower);
    startFollower(url, TIMEOUT, Optional.empty());
    awaitFollowerHasEveryRow();
    CompletableFuture<HttpResponse<String>> waiting =
        CompletableFuture.supplyAsync(
            () ->
                followerApi.get(
                    "/items?select=id", FollowerApi.MIN_TXID, String.format("%016x", next)));
    insertBulk();
    HttpResponse<String> fresh = waiting.get();
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(json(fresh).size()).isEqualTo(2 * BULK);
    assertThat(
            Long.parseUnsignedLong(fresh.headers().firstValue(FollowerApi.TXID).orElseThrow(), 16))
        .isGreaterThanOrEqualTo(next);

    HttpResponse<String> bad = followerApi.get("/items", FollowerApi.MIN_TXID, "not-a-txid");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).path("code").asText()).isEqualTo("PGRST100");
    assertThat(json(bad).path("details").asText()).contains("not-a-txid");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "s3"})
  void anAsynchronousWritesTxid_holdsTheFollowersReadUntilTheWriteIsThere(String kind)
      throws Exception {
    String url = replica(kind);
    startPrimary(url);
    insertBulk();
    startFollower(url, TIMEOUT, Optional.empty());
    awaitFollowerHasEveryRow();
    for (int i = 0; i < 5; i++) {
      int id = nextId.getAndIncrement();
      HttpResponse<String> written =
          primaryApi.send(
              "POST",
              "/items",
              BodyPublishers.ofString("{\"id\":" + id + ",\"name\":\"mine\"}"),
              "Content-Type",
              "application/json");
      assertThat(written.statusCode()).as(written.body()).isEqualTo(201);
      assertThat(written.headers().firstValue("Preference-Applied")).as("async").isEmpty();
      String token = written.headers().firstValue(FollowerApi.TXID).orElseThrow();
      assertThat(token).matches("[0-9a-f]{16}");

      HttpResponse<String> read =
          followerApi.get("/items?id=eq." + id, FollowerApi.MIN_TXID, token);
      assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
      assertThat(json(read).path(0).path("name").asText()).as("read your write").isEqualTo("mine");
    }
  }

  private String replica(String kind) throws Exception {
    if (kind.equals("file")) {
      return dir.resolve("replica").toUri().toString();
    }
    InProcessS3 s3 = InProcessS3.start("bkt");
    open.add(s3);
    return s3.url("bkt", "app");
  }

  private void startPrimary(String url) throws Exception {
    Path db = dir.resolve("primary.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }
    ServeConfig config =
        ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("items"))
            .withReplication(Optional.of(Replicated.fast(url)));
    primary = App.start(config, Wiring.defaults());
    open.add(primary);
    primaryApi = new Http(primary.httpPort());
  }

  private void startFollower(String url, Duration maxWait, Optional<URI> primaryUrl)
      throws Exception {
    FollowConfig follow =
        new FollowConfig(
            ReplicaUrl.parse(url), new FollowOptions(Duration.ofMillis(100)), maxWait, primaryUrl);
    ServeConfig config =
        ServeConfig.loopback(DatabaseOptions.defaults(dir.resolve("follower.db")), Set.of("items"))
            .withFollow(Optional.of(follow));
    follower = App.start(config, Wiring.defaults());
    open.add(follower);
    followerApi = new Http(follower.httpPort());
    followerAdmin = new Http(follower.adminPort().orElseThrow());
  }

  /** One POST of {@value #BULK} rows: one transaction on the primary. */
  private void insertBulk() {
    StringBuilder body = new StringBuilder("[");
    int first = nextId.getAndAdd(BULK);
    for (int i = 0; i < BULK; i++) {
      int id = first + i;
      body.append(i == 0 ? "" : ",")
          .append("{\"id\":")
          .append(id)
          .append(",\"name\":\"n")
          .append(id)
          .append("\"}");
    }
    HttpResponse<String> r =
        primaryApi.send(
            "POST",
            "/items",
            BodyPublishers.ofString(body.append("]").toString()),
            "Content-Type",
            "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private void awaitFollowerHasEveryRow() {
    int expected = nextId.get() - 1;
    Await.until(
        TIMEOUT,
        "the follower serves all " + expected + " rows",
        () -> {
          HttpResponse<String> r = followerApi.get("/items?select=id");
          return r.statusCode() == 200 && json(r).size() == expected;
        });
  }

  private static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new AssertionError(r.statusCode() + " " + r.body(), e);
    }
  }
}
