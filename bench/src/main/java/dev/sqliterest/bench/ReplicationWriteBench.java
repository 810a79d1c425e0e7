package dev.sqliterest.bench;

import dev.sqliterest.replication.ReplicationListener;
import dev.sqliterest.replication.ReplicationOptions;
import dev.sqliterest.replication.Store;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Write throughput with replication on vs off, same run: one single-row INSERT per op through
 * {@code Database.write} (the writer thread, BEGIN IMMEDIATE, COMMIT, synchronous NORMAL). With
 * {@code replication=file} a {@link Store} replicates to a local file replica, woken by every
 * commit: its WAL reads, L0 encodes, uploads and checkpoints compete for the same 2 cores, and its
 * checkpoints briefly hold the writer thread.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.sqliterest.bench.ReplicationReport}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReplicationWriteBench {

  @Param({"off", "file"})
  public String replication;

  private Path dir;
  private Database db;
  private Store store;
  private FileReplicaClient client;
  private long next;

  @Setup(Level.Trial)
  public void open() throws Exception {
    dir = Files.createTempDirectory("replbench");
    boolean on = replication.equals("file");
    db =
        Database.open(
            DatabaseOptions.defaults(dir.resolve("bench.db"))
                .withCreate(true)
                .withAutocheckpoint(!on));
    db.write(
        c ->
            c.createStatement()
                .executeUpdate(
                    "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER)"));
    if (on) {
      client = new FileReplicaClient(dir.resolve("replica"));
      store =
          new Store(
              db,
              client,
              ReplicationOptions.defaults(),
              ReplicationListener.NONE,
              InstantSource.system());
      store.start(false);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    if (store != null) {
      store.close(Duration.ofSeconds(30));
      client.close();
    }
    db.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public int insert() throws SQLException {
    long id = ++next;
    return db.write(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement("INSERT INTO items(id, name, n) VALUES (?, ?, ?)")) {
            st.setLong(1, id);
            st.setString(2, "item-" + id);
            st.setLong(3, id * 7);
            return st.executeUpdate();
          }
        });
  }
}
