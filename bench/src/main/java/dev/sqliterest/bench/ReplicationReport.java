package dev.sqliterest.bench;

import dev.sqliterest.replication.ReplicationEvent;
import dev.sqliterest.replication.ReplicationOptions;
import dev.sqliterest.replication.Store;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.replication.client.s3.S3Options;
import dev.sqliterest.replication.client.s3.S3ReplicaClient;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import dev.sqliterest.testing.InProcessS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Replication numbers for docs/PERFORMANCE.md: (1) {@link ReplicationWriteBench} under JMH (write
 * throughput with replication off vs on, same run); (2) replication lag end to end at a fixed rate
 * (default 500 single-row writes per second for 20 s, default options), on a file replica and on an
 * in-process S3 replica: for every write, the time from its acknowledgement to the moment an
 * independent {@link ReplicaFollower} of the replica can read the row (p50/p99/max), and L0 uploads
 * per second (each one S3 PUT).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.sqliterest.bench.ReplicationReport [rate]
 * [seconds] [all|lag]}
 */
public final class ReplicationReport {

  private ReplicationReport() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    if (args.length < 3 || !args[2].equals("lag")) {
      throughput();
    }
    lagEndToEnd(rate, seconds);
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

  /** One replica under test: how to open its client, and the follower's polling interval. */
  private record Target(String name, ClientOpener opener, Duration poll) {}

  @FunctionalInterface
  private interface ClientOpener {
    ReplicaClient open(Path dir) throws Exception;
  }

  private static void lagEndToEnd(int rate, int seconds) throws Exception {
    try (InProcessS3 s3 = InProcessS3.start("lag")) {
      List<Target> targets =
          List.of(
              new Target(
                  "file",
                  dir -> new FileReplicaClient(dir.resolve("replica")),
                  Duration.ofMillis(2)),
              new Target(
                  "S3 (in-process s3proxy)",
                  dir ->
                      new S3ReplicaClient(
                          S3Options.fromUrl(
                              ReplicaUrl.parse(s3.url("lag", dir.getFileName().toString())),
                              s3.env())),
                  Duration.ofMillis(10)));
      System.out.println();
      System.out.printf(
          "end-to-end replication lag: %d single-row writes/s for %d s, default options; lag ="
              + " write acknowledged -> row readable by an independent follower of the replica%n%n",
          rate, seconds);
      System.out.println(
          "| replica | follower polls every | lag p50 | lag p99 | lag max | writes/s done |"
              + " L0 uploads/s |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|");
      for (Target target : targets) {
        StallProbe probe = StallProbe.start();
        lagAtFixedRate(target, rate, seconds);
        System.out.println(
            "|   scheduler stalls during that run: " + probe.stop() + " | | | | | | |");
      }
    }
  }

  private static void lagAtFixedRate(Target target, int rate, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("repllag");
    AtomicLong uploads = new AtomicLong();
    int total = rate * seconds;
    AtomicLongArray acknowledged = new AtomicLongArray(total + 1);
    long[] lagNanos = new long[total + 1];
    try (Database db =
            Database.open(
                DatabaseOptions.defaults(dir.resolve("lag.db"))
                    .withCreate(true)
                    .withAutocheckpoint(false));
        ReplicaClient client = target.opener().open(dir);
        ReplicaFollower follower = new ReplicaFollower(client, dir.resolve("follower.db"))) {
      db.write(
          c ->
              c.createStatement()
                  .executeUpdate("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT)"));
      Store store =
          new Store(
              db,
              client,
              System.getProperty("spacing") == null
                  ? ReplicationOptions.defaults()
                  : ReplicationOptions.defaults()
                      .withMinSyncSpacing(Duration.ofMillis(Long.getLong("spacing"))),
              event -> {
                if (event instanceof ReplicationEvent.Uploaded) {
                  uploads.incrementAndGet();
                }
                if (System.getenv("LAGDEBUG") != null) {
                  System.err.printf("%d %s%n", System.nanoTime() / 1_000_000, event);
                }
              },
              InstantSource.system());
      store.start(false);
      long uploadsBefore = uploads.get();
      AtomicLong seen = new AtomicLong();
      AtomicReference<Exception> followerFailure = new AtomicReference<>();
      AtomicLong writesDone = new AtomicLong(); // System.nanoTime() once every write is answered
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      while (seen.get() < total
                          && (writesDone.get() == 0
                              || System.nanoTime() - writesDone.get() < 30_000_000_000L)) {
                        long t0 = System.nanoTime();
                        if (follower.catchUp()) {
                          long t1 = System.nanoTime();
                          long max = follower.maxId("items");
                          if (System.getenv("LAGDEBUG") != null) {
                            System.err.printf(
                                System.nanoTime() / 1_000_000 + " apply %.1f ms query %.1f ms%n",
                                (t1 - t0) / 1e6,
                                (System.nanoTime() - t1) / 1e6);
                          }
                          long now = System.nanoTime();
                          for (long id = seen.get() + 1; id <= max; id++) {
                            long ack = acknowledged.get((int) id);
                            lagNanos[(int) id] = ack == 0 ? 0 : Math.max(0, now - ack);
                          }
                          seen.set(Math.max(seen.get(), max));
                        }
                        LockSupport.parkNanos(target.poll().toNanos());
                      }
                    } catch (Exception e) {
                      followerFailure.set(e);
                    }
                  });
      long period = 1_000_000_000L / rate;
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long wait = start + i * period - System.nanoTime();
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
        acknowledged.set((int) id, System.nanoTime());
        if (System.getenv("LAGDEBUG") != null && id % 50 == 0) {
          System.err.printf("%d ack %d%n", System.nanoTime() / 1_000_000, id);
        }
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      long shipped = uploads.get() - uploadsBefore;
      writesDone.set(System.nanoTime()); // the follower gets 30 s more to catch up
      reader.join();
      store.close(Duration.ofSeconds(30));
      if (followerFailure.get() != null) {
        throw followerFailure.get();
      }
      if (seen.get() < total) {
        throw new IllegalStateException(
            target.name() + ": the follower saw " + seen.get() + " of " + total + " writes");
      }
      long[] sorted = Arrays.copyOfRange(lagNanos, 1, total + 1);
      Arrays.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "| %s | %d ms | %.1f ms | %.1f ms | %.1f ms | %.0f | %.1f |%n",
          target.name(),
          target.poll().toMillis(),
          sorted[(int) (0.50 * total)] / 1e6,
          sorted[Math.min(total - 1, (int) (0.99 * total))] / 1e6,
          sorted[total - 1] / 1e6,
          total / elapsed,
          shipped / elapsed);
    } finally {
      BenchFiles.deleteTree(dir);
    }
  }
}
