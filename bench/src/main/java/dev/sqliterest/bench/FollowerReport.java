package dev.sqliterest.bench;

import dev.sqliterest.replication.FollowOptions;
import dev.sqliterest.replication.ReplicationOptions;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaClients;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.server.auth.HmacTokens;
import dev.sqliterest.server.config.FollowConfig;
import dev.sqliterest.server.config.ReplicationConfig;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.sqlite.DatabaseOptions;
import dev.sqliterest.testing.InProcessS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Follower numbers for docs/PERFORMANCE.md ("Followers"), servers in this JVM in their default
 * configuration (HS256 auth and the access log on, the primary syncing every second): (1) for a
 * file replica and an in-process S3 (s3proxy) at follow intervals of 1 s and 200 ms, single-row
 * POSTs spaced by a random pause, each timed until the replica lists a newer level-0 file (the
 * primary's part) and until a GET on the follower, repeated every 2 ms, returns the row (the
 * follower's part is the difference); (2) GET throughput of a follower against its primary's in the
 * same run, same client, same rows.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.sqliterest.bench.FollowerReport [writes
 * per case, 0 for the throughput only] [seconds per throughput round] [clients]}
 */
public final class FollowerReport {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String SECRET = "follower-report-secret-0123456789abcdef";
  private static final int ROWS = 1000;

  private final Path dir;
  private final String token;

  private FollowerReport(Path dir) throws Exception {
    this.dir = dir;
    Files.writeString(dir.resolve("secret"), SECRET);
    this.token =
        HmacTokens.sign(
            SECRET.getBytes(StandardCharsets.UTF_8),
            "bench",
            "authenticated",
            Instant.now(),
            Instant.now().plus(Duration.ofDays(1)));
  }

  public static void main(String[] args) throws Exception {
    int writes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    FollowerReport report = new FollowerReport(Files.createTempDirectory("follower-report"));
    if (writes > 0) {
      report.latencies(writes);
    }
    report.throughput(report.dir.resolve("replica-t").toUri().toString(), seconds, clients);
  }

  /** The latency table: file and S3 replicas, each at follow intervals of 1 s and 200 ms. */
  private void latencies(int writes) throws Exception {
    List<String> rows = new ArrayList<>();
    try (InProcessS3 s3 = InProcessS3.start("bench")) {
      int n = 0;
      for (String kind : List.of("file", "s3")) {
        for (Duration interval : List.of(Duration.ofSeconds(1), Duration.ofMillis(200))) {
          String url =
              kind.equals("file")
                  ? dir.resolve("replica-" + ++n).toUri().toString()
                  : s3.url("bench", "case-" + ++n);
          rows.add(latency(kind, url, interval, writes, n));
        }
      }
    }
    System.out.println();
    System.out.printf(
        "primary: default replication (sync every %d ms); p50 / p99 over the writes%n%n",
        ReplicationOptions.defaults().syncInterval().toMillis());
    System.out.println(
        "| replica | follow interval | writes | write → on replica | on replica → on follower"
            + " | write → on follower | max | goal for the follower's part (p99) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
  }

  /**
   * One case: {@code writes} single-row POSTs, each timed until the replica lists a level-0 file
   * newer than the one it held before the write (the primary's sync) and until a GET on the
   * follower sees the row.
   */
  private String latency(String kind, String url, Duration interval, int writes, int n)
      throws Exception {
    try (App primary = startPrimary(url, n);
        App follower = startFollower(url, interval, n);
        ReplicaClient replica = ReplicaClients.open(url)) {
      awaitReady(follower);
      List<Long> uploaded = new ArrayList<>();
      List<Long> applied = new ArrayList<>();
      List<Long> visible = new ArrayList<>();
      String primaryBase = "http://127.0.0.1:" + primary.httpPort();
      String followerBase = "http://127.0.0.1:" + follower.httpPort();
      for (int i = 1; i <= writes; i++) {
        // a random pause, so writes do not fall in step with the primary's syncs or the polls
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(interval.toNanos()));
        long id = ROWS + i;
        long servedAt =
            Long.parseUnsignedLong(send("GET", followerBase + "/items?limit=0").txid, 16);
        long before = newestAfter(replica, servedAt);
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(60).toNanos();
        send("POST", primaryBase + "/items", "{\"id\":" + id + ",\"name\":\"w" + id + "\"}");
        long onReplica = -1;
        while (true) {
          if (onReplica < 0 && newestAfter(replica, before) > before) {
            onReplica = System.nanoTime();
          }
          if (send("GET", followerBase + "/items?id=eq." + id + "&select=id")
              .body
              .contains("\"id\"")) {
            break;
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("row " + id + " not on the follower after 60 s");
          }
          LockSupport.parkNanos(2_000_000);
        }
        long now = System.nanoTime();
        if (onReplica < 0) {
          onReplica = now; // seen on the follower before this loop's LIST saw it on the replica
        }
        uploaded.add((onReplica - start) / 1000);
        applied.add((now - onReplica) / 1000);
        visible.add((now - start) / 1000);
      }
      return String.format(
          "| %s | %d ms | %d | %s | %s | %s | %.0f ms | %d ms |",
          kind,
          interval.toMillis(),
          writes,
          p50p99(uploaded),
          p50p99(applied),
          p50p99(visible),
          Collections.max(visible) / 1000.0,
          interval.toMillis() + 300);
    }
  }

  /** The newest TXID level 0 of the replica holds, or {@code txid} when it holds none after it. */
  private static long newestAfter(ReplicaClient replica, long txid) throws IOException {
    List<LtxFileInfo> files = replica.ltxFiles(0, txid + 1, false);
    return files.isEmpty() ? txid : files.getLast().maxTxid();
  }

  private static String p50p99(List<Long> micros) {
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    return String.format("%.0f / %.0f ms", pct(sorted, 0.50) / 1000.0, pct(sorted, 0.99) / 1000.0);
  }

  /** GETs per second from {@code clients} virtual threads: primary, follower, primary again. */
  private void throughput(String url, int seconds, int clients) throws Exception {
    try (App primary = startPrimary(url, 0);
        App follower = startFollower(url, Duration.ofSeconds(1), 0)) {
      awaitReady(follower);
      String p = "http://127.0.0.1:" + primary.httpPort();
      String f = "http://127.0.0.1:" + follower.httpPort();
      run(p, seconds, clients); // warm-up of both (the JIT, the page caches)
      run(f, seconds, clients);
      // alternating rounds, so a change in the machine's load falls on both servers
      List<Double> primaryRounds = new ArrayList<>();
      List<Double> followerRounds = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        primaryRounds.add(run(p, seconds, clients));
        followerRounds.add(run(f, seconds, clients));
      }
      double base = primaryRounds.stream().mapToDouble(d -> d).average().orElseThrow();
      double followed = followerRounds.stream().mapToDouble(d -> d).average().orElseThrow();
      System.out.println();
      System.out.printf(
          "GET /items?id=eq.<random>&select=id,name, %d rows, %d clients, 3 rounds of %d s each,"
              + " alternating%n",
          ROWS, clients, seconds);
      System.out.println();
      System.out.println("| server | GET/s (mean) | rounds | ratio to primary |");
      System.out.println("|---|---:|---|---:|");
      System.out.printf("| primary | %.0f | %s | 1.00 |%n", base, rounds(primaryRounds));
      System.out.printf(
          "| follower | %.0f | %s | %.2f |%n", followed, rounds(followerRounds), followed / base);
    }
  }

  private static String rounds(List<Double> perSecond) {
    return String.join(", ", perSecond.stream().map(d -> String.format("%.0f", d)).toList());
  }

  private double run(String base, int seconds, int clients) throws InterruptedException {
    AtomicBoolean going = new AtomicBoolean(true);
    AtomicLong done = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (going.get()) {
                      int id = 1 + ThreadLocalRandom.current().nextInt(ROWS);
                      send("GET", base + "/items?id=eq." + id + "&select=id,name");
                      done.incrementAndGet();
                    }
                  }));
    }
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    going.set(false);
    double elapsed = (System.nanoTime() - start) / 1e9;
    for (Thread t : threads) {
      t.join();
    }
    return done.get() / elapsed;
  }

  private App startPrimary(String url, int n) throws Exception {
    Path db = dir.resolve("primary-" + n + ".db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      st.execute(
          "WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < "
              + ROWS
              + ") INSERT INTO items SELECT v, 'item-' || v FROM n");
    }
    ServeConfig config =
        base(db)
            .withReplication(
                Optional.of(
                    ReplicationConfig.to(ReplicaUrl.parse(url))
                        .withEngine(ReplicationOptions.defaults())));
    return App.start(config, Wiring.defaults());
  }

  private App startFollower(String url, Duration interval, int n) throws Exception {
    FollowConfig follow =
        new FollowConfig(
            ReplicaUrl.parse(url),
            new FollowOptions(interval),
            FollowConfig.DEFAULT_MAX_WAIT,
            Optional.empty());
    return App.start(
        base(dir.resolve("follower-" + n + ".db")).withFollow(Optional.of(follow)),
        Wiring.defaults());
  }

  private ServeConfig base(Path db) {
    return ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("items"))
        .withAuth(Optional.of(AuthOptions.hmac(dir.resolve("secret"))))
        .withCorsAllowedOrigins(List.of("*"));
  }

  private static void awaitReady(App app) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!app.readiness().isReady()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("follower not ready: " + app.readiness().pending());
      }
      Thread.sleep(10);
    }
  }

  /** A response's body and the TXID a follower served it at (null on the primary). */
  private record Response(String body, String txid) {}

  private Response send(String method, String uri) {
    return send(method, uri, null);
  }

  private Response send(String method, String uri, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(uri))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token);
    if (body == null) {
      b.GET();
    } else {
      b.method(method, HttpRequest.BodyPublishers.ofString(body))
          .header("Content-Type", "application/json");
    }
    int expected = body == null ? 200 : 201;
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != expected) {
        throw new IllegalStateException(
            method + " " + uri + " -> " + r.statusCode() + " " + r.body());
      }
      return new Response(r.body(), r.headers().firstValue("Replication-Txid").orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double pct(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }
}
