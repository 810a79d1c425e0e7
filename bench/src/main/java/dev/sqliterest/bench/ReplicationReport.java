package dev.sqliterest.bench;

import dev.sqliterest.replication.ReplicationEvent;
import dev.sqliterest.replication.ReplicationOptions;
import dev.sqliterest.replication.Store;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Replication numbers for docs/PERFORMANCE.md: (1) {@link ReplicationWriteBench} under JMH (write
 * throughput with replication off vs on, same run); (2) a fixed-rate scenario (default 200
 * single-row writes per second for 20 s against a file replica) that samples the engine's
 * replication lag every 5 ms (p50/p99/max) and counts uploads per second, each of which is one PUT
 * on an S3 replica (compaction and snapshot uploads counted separately).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.sqliterest.bench.ReplicationReport [rate]
 * [seconds]}
 */
public final class ReplicationReport {

  private ReplicationReport() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    throughput();
    lagAtFixedRate(rate, seconds);
  }

  private static void throughput() throws Exception {
    Collection<RunResult> results =
        BenchRuns.run("ReplicationWriteBench", TimeValue.seconds(2), TimeValue.seconds(3));
    double off = 0;
    double on = 0;
    for (RunResult r : results) {
      double score = r.getPrimaryResult().getScore();
      if (r.getParams().getParam("replication").equals("off")) {
        off = score;
      } else {
        on = score;
      }
    }
    System.out.println();
    System.out.println("| benchmark | writes/s | baseline | ratio |");
    System.out.println("|---|---:|---|---:|");
    System.out.printf(
        "| ReplicationWriteBench.insert (replication=file) | %.0f | replication=off | %.2f |%n",
        on, on / off);
    System.out.printf(
        "| ReplicationWriteBench.insert (replication=off) | %.0f | replication=off | 1.00 |%n",
        off);
  }

  private static void lagAtFixedRate(int rate, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("repllag");
    AtomicLong uploads = new AtomicLong();
    AtomicLong otherPuts = new AtomicLong();
    try (Database db =
            Database.open(
                DatabaseOptions.defaults(dir.resolve("lag.db"))
                    .withCreate(true)
                    .withAutocheckpoint(false));
        FileReplicaClient client = new FileReplicaClient(dir.resolve("replica"))) {
      db.write(
          c ->
              c.createStatement()
                  .executeUpdate("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT)"));
      Store store =
          new Store(
              db,
              client,
              ReplicationOptions.defaults(),
              event -> {
                switch (event) {
                  case ReplicationEvent.Uploaded u -> uploads.incrementAndGet();
                  case ReplicationEvent.SnapshotWritten s -> otherPuts.incrementAndGet();
                  case ReplicationEvent.Compacted c -> otherPuts.incrementAndGet();
                  default -> {}
                }
              },
              InstantSource.system());
      store.start(false);
      long uploadsBefore = uploads.get();
      List<Long> lagMicros = Collections.synchronizedList(new ArrayList<>());
      Thread sampler =
          Thread.ofPlatform()
              .daemon(true)
              .start(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      lagMicros.add(store.status().lag().toNanos() / 1000);
                      LockSupport.parkNanos(5_000_000);
                    }
                  });
      long period = 1_000_000_000L / rate;
      long start = System.nanoTime();
      long total = (long) rate * seconds;
      for (long i = 0; i < total; i++) {
        long due = start + i * period;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        long id = i + 1;
        db.write(
            c -> {
              try (PreparedStatement st =
                  c.prepareStatement("INSERT INTO items(id, name) VALUES (?, ?)")) {
                st.setLong(1, id);
                st.setString(2, "item-" + id);
                return st.executeUpdate();
              }
            });
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      sampler.interrupt();
      sampler.join();
      long shipped = uploads.get() - uploadsBefore;
      store.close(Duration.ofSeconds(30));
      List<Long> sorted = new ArrayList<>(lagMicros);
      Collections.sort(sorted);
      System.out.println();
      System.out.printf(
          "fixed rate: %d writes/s for %.1f s (%d writes), file replica, default options%n",
          rate, elapsed, total);
      System.out.println();
      System.out.println("| metric | value |");
      System.out.println("|---|---:|");
      System.out.printf("| replication lag p50 | %.2f ms |%n", pct(sorted, 0.50) / 1000.0);
      System.out.printf("| replication lag p99 | %.2f ms |%n", pct(sorted, 0.99) / 1000.0);
      System.out.printf(
          "| replication lag max | %.2f ms |%n", sorted.get(sorted.size() - 1) / 1000.0);
      System.out.printf("| L0 uploads (= S3 PUTs) per second | %.1f |%n", shipped / elapsed);
      System.out.printf("| writes per upload | %.1f |%n", total / (double) Math.max(1, shipped));
      System.out.printf("| snapshot + compaction uploads in the run | %d |%n", otherPuts.get());
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long pct(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }
}
