package dev.sqliterest.bench;

import dev.sqliterest.rest.AllowListPolicy;
import dev.sqliterest.rest.HttpRequestData;
import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.rest.RestApi;
import dev.sqliterest.rest.RestApiOptions;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit (under synchronous=FULL unless named): {@code writers} concurrent clients (virtual
 * threads, as the server runs requests) each POST one row at a time through {@code RestApi.handle}
 * for {@code seconds}, with group commit on and, as the same-run baseline, off (one COMMIT, so one
 * fsync, per request). Rounds alternate the order; the report prints per-round and median writes/s,
 * COMMITs/s, writes per COMMIT, latency p50/p99, and the ratio on/off of the medians.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.sqliterest.bench.GroupCommitReport
 * [writers] [seconds] [rounds] [dir] [synchronous]} (defaults 64, 10, 3, a temporary directory,
 * FULL; the directory must be on a real disk: on tmpfs an fsync costs nothing)
 */
public final class GroupCommitReport {

  private GroupCommitReport() {}

  record Run(boolean groupCommit, double writesPerSecond, double commitsPerSecond, long[] nanos) {
    double percentileMillis(double p) {
      return nanos[(int) Math.min(nanos.length - 1, Math.floor(p * nanos.length))] / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    int writers = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path root =
        args.length > 3
            ? Files.createDirectories(Path.of(args[3]))
            : Files.createTempDirectory("group-commit");
    DatabaseOptions.Synchronous synchronous =
        DatabaseOptions.Synchronous.valueOf(args.length > 4 ? args[4] : "FULL");
    List<Run> on = new ArrayList<>();
    List<Run> off = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (boolean groupCommit :
          round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
        Run run =
            run(
                root.resolve("r" + round + (groupCommit ? "on" : "off")),
                groupCommit,
                synchronous,
                writers,
                seconds);
        (groupCommit ? on : off).add(run);
        System.out.printf(
            Locale.ROOT,
            "round %d group commit %-3s: %8.0f writes/s %8.0f commits/s %5.1f writes/commit p50 %6.1f ms p99 %6.1f ms%n",
            round + 1,
            groupCommit ? "on" : "off",
            run.writesPerSecond(),
            run.commitsPerSecond(),
            run.writesPerSecond() / run.commitsPerSecond(),
            run.percentileMillis(0.50),
            run.percentileMillis(0.99));
      }
    }
    Run medianOn = median(on);
    Run medianOff = median(off);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "synchronous=%s, %d concurrent writers, %d s per run, median of %d alternating rounds%n%n",
        synchronous,
        writers,
        seconds,
        rounds);
    System.out.println(
        "| group commit | writes/s | COMMITs/s | writes per COMMIT | p50 ms | p99 ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (Run r : List.of(medianOff, medianOn)) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %.0f | %.0f | %.1f | %.1f | %.1f |%n",
          r.groupCommit() ? "on" : "off (one COMMIT per write, baseline)",
          r.writesPerSecond(),
          r.commitsPerSecond(),
          r.writesPerSecond() / r.commitsPerSecond(),
          r.percentileMillis(0.50),
          r.percentileMillis(0.99));
    }
    System.out.printf(
        Locale.ROOT,
        "%nacknowledged writes/s, group commit on / off (medians): %.2fx%n",
        medianOn.writesPerSecond() / medianOff.writesPerSecond());
    BenchFiles.deleteTree(root);
  }

  /** The run with the median throughput (its latencies come with it). */
  private static Run median(List<Run> runs) {
    List<Run> sorted = new ArrayList<>(runs);
    sorted.sort((a, b) -> Double.compare(a.writesPerSecond(), b.writesPerSecond()));
    return sorted.get(sorted.size() / 2);
  }

  private static Run run(
      Path dir,
      boolean groupCommit,
      DatabaseOptions.Synchronous synchronous,
      int writers,
      int seconds)
      throws Exception {
    Files.createDirectories(dir);
    try (Database db =
        Database.open(
            DatabaseOptions.defaults(dir.resolve("gc.db"))
                .withCreate(true)
                .withSynchronous(synchronous)
                .withGroupCommit(groupCommit))) {
      db.write(
          c -> {
            try (Statement st = c.createStatement()) {
              return st.executeUpdate(WriteApiBench.DDL);
            }
          });
      RestApi api = new RestApi(db, RestApiOptions.defaults(AllowListPolicy.allowAll()));
      HttpRequestData post = WriteApiBench.request("POST", "{\"name\":\"widget\",\"n\":42}");
      AtomicLong commits = new AtomicLong();
      db.addCommitListener(commits::incrementAndGet);
      load(api, post, writers, 2, new AtomicLong()); // warm-up
      long commitsBefore = commits.get();
      long start = System.nanoTime();
      long[] nanos = load(api, post, writers, seconds, new AtomicLong());
      double elapsed = (System.nanoTime() - start) / 1e9;
      Arrays.sort(nanos);
      return new Run(
          groupCommit, nanos.length / elapsed, (commits.get() - commitsBefore) / elapsed, nanos);
    } finally {
      BenchFiles.deleteTree(dir);
    }
  }

  /** Every writer POSTs back to back until the time is up; returns all latencies. */
  private static long[] load(
      RestApi api, HttpRequestData post, int writers, int seconds, AtomicLong failures)
      throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Latencies> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      Latencies own = new Latencies();
      latencies.add(own);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (System.nanoTime() < end) {
                      long t0 = System.nanoTime();
                      HttpResponseData r = api.handle(post);
                      if (r.status() != 201) {
                        failures.incrementAndGet();
                      } else {
                        own.add(System.nanoTime() - t0);
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " POSTs failed");
    }
    return latencies.stream().flatMapToLong(l -> Arrays.stream(l.values, 0, l.size)).toArray();
  }

  /** One writer's latencies (only its own thread adds to it). */
  private static final class Latencies {
    long[] values = new long[1024];
    int size;

    void add(long nanos) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
    }
  }
}
