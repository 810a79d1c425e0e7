package dev.sqliterest.bench;

import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaClients;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.rest.Durability;
import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.server.auth.HmacTokens;
import dev.sqliterest.server.config.ReplicationAck;
import dev.sqliterest.server.config.ReplicationConfig;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.sqlite.DatabaseOptions;
import dev.sqliterest.testing.InProcessS3;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cost of {@code --replication-ack=replicated} for docs/PERFORMANCE.md: single-row POSTs over
 * HTTP against the production server (authentication and access log on), async against replicated
 * acknowledgements in the same run, on a file replica and on an in-process S3 replica (s3proxy),
 * with 1 and 64 closed-loop writers. {@code async-untokened} is an asynchronous write without its
 * {@code Replication-Txid} (as before every write carried one): the cost of the promised TXID. Per
 * cell: writes per second, p50/p99 latency, and L0 uploads per second (each one S3 PUT); the ratio
 * column is replicated / async of the same replica and writer count.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.sqliterest.bench.DurabilityReport
 * [seconds per cell] > /dev/null} (the table goes to stderr; stdout carries the access log).
 */
public final class DurabilityReport {

  private static final PrintStream OUT = System.err;
  private static final byte[] SECRET =
      "durability-report-secret-of-32-bytes!".getBytes(StandardCharsets.UTF_8);

  /** The acknowledgement modes measured, in this order ({@code -Dmodes=a,b} picks others). */
  private static final List<String> MODES =
      List.of(System.getProperty("modes", "async,async-untokened,replicated").split(","));

  private DurabilityReport() {}

  /** One measured cell ({@code mode}: async or replicated). */
  private record Cell(
      String replica,
      int writers,
      String mode,
      double writesPerSecond,
      long p50,
      long p99,
      double uploadsPerSecond) {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    List<Cell> cells = new ArrayList<>();
    try (InProcessS3 s3 = InProcessS3.start("durability")) {
      AtomicInteger run = new AtomicInteger();
      for (String replica : List.of("file", "s3")) {
        for (int writers : new int[] {1, 64}) {
          for (String mode : MODES) {
            Path dir = Files.createTempDirectory("durability-report");
            String url =
                replica.equals("file")
                    ? dir.resolve("replica").toUri().toString()
                    : s3.url("durability", "run-" + run.incrementAndGet());
            cells.add(measure(dir, replica, url, mode, writers, Duration.ofSeconds(seconds)));
            OUT.println("done: " + cells.getLast());
          }
        }
      }
    }
    OUT.println();
    OUT.printf(
        "Results, %s, %d s per cell after 3 s of warm-up, JDK %s, %d CPUs%n%n",
        Instant.now(), seconds, Runtime.version(), Runtime.getRuntime().availableProcessors());
    OUT.println(
        "| replica | writers | ack | writes/s | ratio to async | p50 ms | p99 ms | L0 uploads/s"
            + " (= S3 PUTs) |");
    OUT.println("|---|---:|---|---:|---:|---:|---:|---:|");
    for (Cell c : cells) {
      Cell async =
          cells.stream()
              .filter(
                  a ->
                      a.replica.equals(c.replica)
                          && a.writers == c.writers
                          && a.mode.equals("async"))
              .findFirst()
              .orElseThrow();
      OUT.printf(
          "| %s | %d | %s | %.0f | %.2f | %.1f | %.1f | %.1f |%n",
          c.replica,
          c.writers,
          c.mode,
          c.writesPerSecond,
          c.writesPerSecond / async.writesPerSecond,
          c.p50 / 1e6,
          c.p99 / 1e6,
          c.uploadsPerSecond);
    }
  }

  private static Cell measure(
      Path dir, String replica, String url, String mode, int writers, Duration measured)
      throws Exception {
    Path db = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }
    Path secret = Files.write(dir.resolve("secret"), SECRET);
    ReplicationConfig replication =
        ReplicationConfig.to(ReplicaUrl.parse(url))
            .withAck(new ReplicationAck(mode.equals("replicated"), ReplicationAck.DEFAULT_TIMEOUT));
    ServeConfig config =
        ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("items"))
            .withAuth(Optional.of(AuthOptions.hmac(secret)))
            .withReplication(Optional.of(replication));
    String token =
        HmacTokens.sign(
            SECRET, "bench", "anon", Instant.now(), Instant.now().plus(Duration.ofHours(1)));
    Wiring wiring = Wiring.defaults();
    if (mode.equals("async-untokened")) {
      Wiring.ApiFactory api = wiring.api();
      wiring = wiring.withApi((d, c, p, durability) -> api.create(d, c, p, untokened(durability)));
    }
    try (App app = App.start(config, wiring)) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest post =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/items"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .header("Prefer", "return=minimal")
              .POST(
                  HttpRequest.BodyPublishers.ofString("{\"name\":\"a row of about forty bytes\"}"))
              .build();
      AtomicBoolean measuring = new AtomicBoolean();
      AtomicBoolean running = new AtomicBoolean(true);
      List<long[]> latencies = new ArrayList<>();
      int[] counts = new int[writers];
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        long[] mine = new long[2_000_000];
        latencies.add(mine);
        int index = w;
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      while (running.get()) {
                        long start = System.nanoTime();
                        HttpResponse<Void> r = send(client, post);
                        long took = System.nanoTime() - start;
                        if (r.statusCode() != 201) {
                          throw new IllegalStateException("POST answered " + r.statusCode());
                        }
                        if (measuring.get() && counts[index] < mine.length) {
                          mine[counts[index]++] = took;
                        }
                      }
                    }));
      }
      Thread.sleep(3000); // warm-up
      long uploadsBefore = l0Files(url);
      long start = System.nanoTime();
      measuring.set(true);
      Thread.sleep(measured.toMillis());
      measuring.set(false);
      double elapsed = (System.nanoTime() - start) / 1e9;
      long uploads = l0Files(url) - uploadsBefore;
      running.set(false);
      for (Thread t : threads) {
        t.join();
      }
      int total = Arrays.stream(counts).sum();
      long[] all = new long[total];
      int at = 0;
      for (int w = 0; w < writers; w++) {
        System.arraycopy(latencies.get(w), 0, all, at, counts[w]);
        at += counts[w];
      }
      Arrays.sort(all);
      return new Cell(
          replica,
          writers,
          mode,
          total / elapsed,
          all[(int) (all.length * 0.50)],
          all[Math.min(all.length - 1, (int) (all.length * 0.99))],
          uploads / elapsed);
    }
  }

  /** Replication that names no TXID to asynchronous writes (none may ask to be replicated). */
  private static Durability untokened(Durability replicating) {
    return new Durability() {
      @Override
      public boolean replicates() {
        return false;
      }

      @Override
      public boolean replicatedByDefault() {
        return false;
      }

      @Override
      public long promiseTxid(long commit) {
        return replicating.promiseTxid(commit);
      }

      @Override
      public long awaitReplicated(long commit) {
        return replicating.awaitReplicated(commit);
      }
    };
  }

  private static HttpResponse<Void> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long l0Files(String url) throws IOException {
    try (ReplicaClient client = ReplicaClients.installed().open(ReplicaUrl.parse(url))) {
      return client.ltxFiles(0, 0, false).size();
    }
  }
}
