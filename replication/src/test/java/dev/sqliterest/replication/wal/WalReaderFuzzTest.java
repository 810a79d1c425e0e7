package dev.sqliterest.replication.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.sqlite.ReadableFile;
import dev.sqliterest.testing.Fuzz;
import dev.sqliterest.testing.Mutation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the WAL decoder with corrupted copies of real WAL files (little- and big-endian checksums,
 * two page sizes): a change within one 32-bit word, the end cut off, or bytes appended. Every byte
 * of a WAL is covered by a checksum (the header's over its first 24 bytes, each frame's over its
 * page number, commit size and page, chained from the previous frame) or compared with the header
 * (the salts), and SQLite's checksum, an additive one over 32-bit words, detects every change
 * confined to one word. So the property is exact: a damaged header is a {@link WalFormatException},
 * and otherwise the reader yields precisely the transactions committed before the first damaged
 * frame, page for page, like SQLite's recovery. Any other exception, or any other content, fails.
 *
 * <p>Changes spread over several words are left out on purpose: they can cancel out in the sum
 * (this fuzzer found two flips of bit 31 in one frame that did), and SQLite's own recovery then
 * accepts the frame as well. No reader of the format can do better.
 */
final class WalReaderFuzzTest {

  @TempDir Path dir;

  /** A valid WAL and what the reader must see for each prefix of whole transactions. */
  private record Corpus(byte[] wal, long[] commitEnds, List<byte[]> states) {}

  @Test
  void corruptedWal_yieldsExactlyTheTransactionsBeforeTheDamage() throws Exception {
    List<Corpus> corpus = new ArrayList<>();
    for (int pageSize : new int[] {512, 4096}) {
      byte[] wal = realWal(pageSize);
      corpus.add(corpus(wal));
      corpus.add(corpus(WalImages.toBigEndian(wal)));
    }
    for (Corpus c : corpus) {
      assertThat(c.states()).as("transactions in a corpus WAL").hasSizeGreaterThan(10);
    }
    Fuzz.run(
        "wal decoder",
        5_000,
        r -> {
          Corpus c = corpus.get(r.nextInt(corpus.size()));
          Mutation m = Mutation.ofOneWord(c.wal(), r);
          byte[] seen;
          try {
            seen = decode(m.bytes());
          } catch (WalFormatException e) {
            assertThat(m.firstChanged())
                .as("%s rejected as a bad header", m)
                .isLessThan(WalHeader.SIZE);
            return;
          }
          assertThat(m.firstChanged())
              .as("%s: damaged header accepted", m)
              .isGreaterThanOrEqualTo(WalHeader.SIZE);
          int k = 0;
          while (k < c.commitEnds().length && c.commitEnds()[k] <= m.firstChanged()) {
            k++;
          }
          assertThat(seen).as("%s: content read", m).isEqualTo(c.states().get(k));
        });
  }

  /** Page number and bytes of every page the committed transactions left, by page number. */
  private static byte[] decode(byte[] wal) throws IOException {
    WalReader reader = WalReader.over(new InMemory(wal));
    WalScan scan = reader.scan();
    ByteArrayOutputStream pages = new ByteArrayOutputStream();
    byte[] page = new byte[reader.header().pageSize()];
    for (Map.Entry<Integer, Long> e : scan.pages().entrySet()) {
      reader.readPage(e.getValue(), page);
      pages.write(ByteBuffer.allocate(4).putInt(e.getKey()).array());
      pages.write(page);
    }
    return pages.toByteArray();
  }

  /** The states after 0, 1, … n transactions, read from the WAL cut after each commit frame. */
  private static Corpus corpus(byte[] wal) throws IOException {
    WalReader reader = WalReader.over(new InMemory(wal));
    int frameSize = reader.header().frameSize();
    List<Long> ends = new ArrayList<>();
    List<byte[]> states = new ArrayList<>();
    states.add(new byte[0]);
    for (long at = WalHeader.SIZE; at + frameSize <= wal.length; at += frameSize) {
      if (reader.frameAt(at).orElseThrow().isCommit()) {
        ends.add(at + frameSize);
        states.add(decode(Arrays.copyOf(wal, (int) (at + frameSize))));
      }
    }
    return new Corpus(wal, ends.stream().mapToLong(Long::longValue).toArray(), states);
  }

  /** A WAL written by SQLite: a table, inserts with overflow pages, updates and deletes. */
  private byte[] realWal(int pageSize) throws IOException, SQLException {
    Path db = dir.resolve("wal-" + pageSize + ".db");
    Random r = new Random(pageSize);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA page_size=" + pageSize);
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA wal_autocheckpoint=0");
      st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
      for (int i = 0; i < 12; i++) {
        byte[] v = new byte[r.nextInt(pageSize * 2)];
        r.nextBytes(v);
        try (var ps = c.prepareStatement("INSERT INTO t(v) VALUES (?)")) {
          ps.setBytes(1, v);
          ps.executeUpdate();
        }
      }
      st.execute("UPDATE t SET v = zeroblob(10) WHERE id % 3 = 0");
      st.execute("DELETE FROM t WHERE id > 8");
      return Files.readAllBytes(dir.resolve("wal-" + pageSize + ".db-wal"));
    }
  }

  /** A WAL image in memory. */
  private record InMemory(byte[] bytes) implements ReadableFile {
    @Override
    public Path path() {
      return Path.of("in-memory.db-wal");
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public int read(byte[] dst, int off, int len, long position) {
      if (position >= bytes.length) {
        return -1;
      }
      int n = (int) Math.min(len, bytes.length - position);
      System.arraycopy(bytes, (int) position, dst, off, n);
      return n;
    }
  }
}
