package dev.sqliterest.bench;

import dev.sqliterest.replication.wal.WalHeader;
import dev.sqliterest.replication.wal.WalReader;
import dev.sqliterest.replication.wal.WalScan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
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
 * WAL scan throughput: {@link WalReader#scan()} over a real SQLite WAL of about 8 MiB (4 KiB pages,
 * transactions of 1–16 pages, little-endian checksums as SQLite writes on x86), which validates
 * every frame's salts and cumulative checksum and builds the committed page map. Baseline in the
 * same run: reading the same file's bytes with a {@link FileChannel} (page-cached), i.e. the I/O
 * floor.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.sqliterest.bench.WalScanReport}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WalScanBench {

  /** Target WAL size in MiB. */
  @Param({"8"})
  public int walMiB;

  private Path dir;
  private Path wal;
  private ByteBuffer buffer;

  /** Bytes of WAL per op, for MB/s. */
  public static long walBytes;

  @Setup(Level.Trial)
  public void createWal() throws IOException, SQLException {
    dir = Files.createTempDirectory("walscan");
    Path db = dir.resolve("bench.db");
    Path live = dir.resolve("bench.db-wal");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA wal_autocheckpoint=0");
      st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO t(v) VALUES (randomblob(?))")) {
        int i = 0;
        while (Files.size(live) < (long) walMiB << 20) {
          c.setAutoCommit(false);
          for (int k = 0; k <= i % 8; k++) {
            insert.setInt(1, 800 + (i * 37) % 3000);
            insert.executeUpdate();
          }
          c.commit();
          c.setAutoCommit(true);
          i++;
        }
      }
      wal = dir.resolve("copy.db-wal");
      Files.copy(live, wal); // a stable copy: the live WAL is deleted when the connection closes
    }
    walBytes = Files.size(wal);
    buffer = ByteBuffer.allocateDirect(1 << 20);
    try (WalReader r = WalReader.open(wal)) {
      WalScan scan = r.scan();
      if (scan.endOffset() != walBytes || scan.transactions() < 100) {
        throw new IllegalStateException(
            "unexpected bench WAL: "
                + scan.transactions()
                + " transactions, end "
                + scan.endOffset()
                + " of "
                + walBytes
                + ", page size "
                + r.header().pageSize()
                + " (header "
                + WalHeader.SIZE
                + ")");
      }
    }
  }

  @TearDown(Level.Trial)
  public void deleteWal() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public int scan() throws IOException {
    try (WalReader r = WalReader.open(wal)) {
      return r.scan().pages().size();
    }
  }

  @Benchmark
  public long baselineFileRead() throws IOException {
    long total = 0;
    try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.READ)) {
      buffer.clear();
      int n;
      while ((n = ch.read(buffer)) > 0) {
        total += n;
        buffer.clear();
      }
    }
    return total;
  }
}
