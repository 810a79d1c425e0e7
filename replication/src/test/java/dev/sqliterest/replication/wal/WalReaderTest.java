package dev.sqliterest.replication.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WAL files produced live by sqlite-jdbc (autocheckpoint off), read while the connection is open.
 */
final class WalReaderTest {

  @TempDir Path dir;
  private Path db;
  private Path wal;
  private Connection conn;

  @BeforeEach
  void openDatabase() throws SQLException {
    db = dir.resolve("live.sqlite");
    wal = dir.resolve("live.sqlite-wal");
    conn = DriverManager.getConnection("jdbc:sqlite:" + db);
    exec(
        "PRAGMA page_size=4096",
        "PRAGMA journal_mode=WAL",
        "PRAGMA wal_autocheckpoint=0",
        "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
  }

  @AfterEach
  void close() throws SQLException {
    conn.close();
  }

  @Test
  void scan_liveWal_equalsSqliteCheckpoint() throws Exception {
    insert(1, 50);
    try (WalReader reader = WalReader.open(wal)) {
      WalScan scan = reader.scan();
      assertThat(scan.transactions()).isEqualTo(51); // CREATE TABLE + 50 inserts
      assertThat(scan.endOffset()).isEqualTo(Files.size(wal));
      assertThat(WalImages.apply(Files.readAllBytes(db), scan, wal))
          .isEqualTo(
              WalImages.checkpointedBySqlite(
                  Files.readAllBytes(db), Files.readAllBytes(wal), dir.resolve("o")));
    }
  }

  @Test
  void scan_sinceOffset_returnsOnlyPagesOfLaterTransactions() throws Exception {
    insert(1, 20);
    long boundary;
    try (WalReader reader = WalReader.open(wal)) {
      boundary = reader.scan().endOffset();
    }
    exec("UPDATE t SET v = zeroblob(10) WHERE id = 20");
    try (WalReader reader = WalReader.open(wal)) {
      WalChecksum seed = reader.seedAt(boundary).orElseThrow();
      WalScan since = reader.scan(boundary, seed, Long.MAX_VALUE);
      assertThat(since.startOffset()).isEqualTo(boundary);
      assertThat(since.transactions()).isEqualTo(1);
      assertThat(since.pages().values())
          .allSatisfy(offset -> assertThat(offset).isGreaterThanOrEqualTo(boundary));
      assertThat(since.endOffset()).isEqualTo(Files.size(wal));
      WalScan all = reader.scan();
      assertThat(since.checksum()).isEqualTo(all.checksum());
      assertThat(since.commit()).isEqualTo(all.commit());
    }
  }

  @Test
  void scan_limit_stopsAtTheFirstCommitPastTheLimit() throws Exception {
    insert(1, 30);
    try (WalReader reader = WalReader.open(wal)) {
      WalScan limited = reader.scan(WalHeader.SIZE, reader.header().checksum(), 1);
      assertThat(limited.transactions()).isEqualTo(1);
      assertThat(limited.limitReached()).isTrue();
      WalScan rest =
          reader.scan(
              limited.endOffset(),
              reader.seedAt(limited.endOffset()).orElseThrow(),
              Long.MAX_VALUE);
      assertThat(rest.transactions()).isEqualTo(30);
      assertThat(rest.limitReached()).isFalse();
      assertThat(rest.checksum()).isEqualTo(reader.scan().checksum());
    }
  }

  @Test
  void scan_truncatedLastFrame_dropsTheUnfinishedTransaction() throws Exception {
    insert(1, 5);
    byte[] bytes = Files.readAllBytes(wal);
    byte[] torn = java.util.Arrays.copyOf(bytes, bytes.length - 100);
    Path tornPath = dir.resolve("torn.sqlite-wal");
    Files.write(tornPath, torn);
    try (WalReader reader = WalReader.open(tornPath)) {
      WalScan scan = reader.scan();
      assertThat(scan.transactions()).isEqualTo(5);
      assertThat(WalImages.apply(Files.readAllBytes(db), scan, tornPath))
          .isEqualTo(
              WalImages.checkpointedBySqlite(Files.readAllBytes(db), torn, dir.resolve("o")));
    }
  }

  @Test
  void scan_uncommittedFrameAtTheEnd_isCountedButNotApplied() throws Exception {
    insert(1, 3);
    byte[] bytes = Files.readAllBytes(wal);
    WalHeader header = WalHeader.parse(bytes);
    // Rewrite the last (commit) frame as a non-commit frame with a valid checksum: a transaction in
    // flight.
    int last = bytes.length - header.frameSize();
    ByteBuffer.wrap(bytes).putInt(last + 4, 0);
    WalChecksum running = header.checksum();
    for (int at = WalHeader.SIZE; at < last; at += header.frameSize()) {
      running =
          running.update(false, bytes, at, 8).update(false, bytes, at + 24, header.pageSize());
    }
    running =
        running.update(false, bytes, last, 8).update(false, bytes, last + 24, header.pageSize());
    ByteBuffer.wrap(bytes).putInt(last + 16, running.s1()).putInt(last + 20, running.s2());
    Path inFlight = dir.resolve("inflight.sqlite-wal");
    Files.write(inFlight, bytes);
    try (WalReader reader = WalReader.open(inFlight)) {
      WalScan scan = reader.scan();
      assertThat(scan.validFrames())
          .isEqualTo((int) ((bytes.length - WalHeader.SIZE) / header.frameSize()));
      assertThat(scan.transactions()).isEqualTo(3); // CREATE + 2 of the 3 inserts
      assertThat(scan.endOffset()).isLessThanOrEqualTo(last);
      assertThat(WalImages.apply(Files.readAllBytes(db), scan, inFlight))
          .isEqualTo(
              WalImages.checkpointedBySqlite(Files.readAllBytes(db), bytes, dir.resolve("o")));
    }
  }

  @Test
  void scan_vacuumShrinksDatabase_dropsPagesAboveCommit() throws Exception {
    insert(1, 200);
    exec("DELETE FROM t WHERE id > 10", "VACUUM");
    try (WalReader reader = WalReader.open(wal)) {
      WalScan scan = reader.scan();
      assertThat(scan.pages().keySet())
          .allSatisfy(pgno -> assertThat(pgno).isLessThanOrEqualTo(scan.commit()));
      assertThat(scan.commit()).isLessThan(scan.pages().size() + 200);
      assertThat(WalImages.apply(Files.readAllBytes(db), scan, wal))
          .isEqualTo(
              WalImages.checkpointedBySqlite(
                  Files.readAllBytes(db), Files.readAllBytes(wal), dir.resolve("o")));
    }
  }

  @Test
  void restart_afterFullCheckpoint_detectedByHeaderWhateverTheSize() throws Exception {
    insert(1, 30);
    WalHeader before = WalReader.readHeader(wal).orElseThrow();
    long sizeBefore = Files.size(wal);
    long endBefore;
    try (WalReader reader = WalReader.open(wal)) {
      endBefore = reader.scan().endOffset();
    }
    exec("PRAGMA wal_checkpoint(PASSIVE)"); // no other reader: every frame backfilled
    insert(31, 31); // next write restarts the log in place
    WalHeader after = WalReader.readHeader(wal).orElseThrow();
    assertThat(Files.size(wal)).isEqualTo(sizeBefore);
    assertThat(after.restartedSince(before)).isTrue();
    assertThat(after.checkpointSeq()).isEqualTo(before.checkpointSeq() + 1);
    assertThat(after.restartedSince(after)).isFalse();
    try (WalReader reader = WalReader.open(wal)) {
      // the frame before our old resume point now belongs to the stale generation
      assertThat(reader.seedAt(endBefore)).isEmpty();
      WalScan scan = reader.scan();
      assertThat(scan.transactions()).isEqualTo(1);
      assertThat(scan.endOffset()).isLessThan(sizeBefore);
    }
  }

  @Test
  void readHeader_missingOrEmptyOrGarbage_isEmpty() throws Exception {
    assertThat(WalReader.readHeader(dir.resolve("absent-wal"))).isEmpty();
    Path empty = Files.write(dir.resolve("empty-wal"), new byte[0]);
    assertThat(WalReader.readHeader(empty)).isEmpty();
    Path garbage = Files.write(dir.resolve("garbage-wal"), new byte[64]);
    assertThat(WalReader.readHeader(garbage)).isEmpty();
    assertThatThrownBy(() -> WalReader.open(empty))
        .isInstanceOf(WalFormatException.class)
        .hasMessageContaining("no header");
  }

  @Test
  void parse_invalidHeaders_nameTheField() throws Exception {
    insert(1, 1);
    byte[] good = java.util.Arrays.copyOf(Files.readAllBytes(wal), WalHeader.SIZE);
    assertThat(WalHeader.parse(good).pageSize()).isEqualTo(4096);
    assertThatThrownBy(() -> WalHeader.parse(new byte[10])).hasMessageContaining("too short");
    assertThatThrownBy(() -> WalHeader.parse(with(good, 0, 0x377f0684)))
        .hasMessageContaining("magic 0x377f0684");
    assertThatThrownBy(() -> WalHeader.parse(with(good, 4, 3007001)))
        .hasMessageContaining("version 3007001");
    assertThatThrownBy(() -> WalHeader.parse(with(good, 8, 3000)))
        .hasMessageContaining("page size 3000");
    assertThatThrownBy(() -> WalHeader.parse(with(good, 16, 42)))
        .hasMessageContaining("checksum mismatch");
    assertThat(WalHeader.parse(WalHeader.parse(good).toBytes())).isEqualTo(WalHeader.parse(good));
  }

  @Test
  void offsets_mustBeFrameAligned() throws Exception {
    insert(1, 2);
    try (WalReader reader = WalReader.open(wal)) {
      assertThatThrownBy(() -> reader.seedAt(33)).hasMessageContaining("unaligned wal offset 33");
      assertThatThrownBy(() -> reader.frameAt(0)).hasMessageContaining("unaligned");
      assertThat(reader.frameAt(reader.header().sizeAfter(1000))).isEqualTo(Optional.empty());
    }
  }

  private static byte[] with(byte[] header, int at, int value) {
    byte[] copy = header.clone();
    ByteBuffer.wrap(copy).putInt(at, value);
    return copy;
  }

  private void insert(int from, int to) throws SQLException {
    for (int i = from; i <= to; i++) {
      exec("INSERT INTO t(id, v) VALUES (" + i + ", randomblob(700))");
    }
  }

  private void exec(String... sql) throws SQLException {
    try (Statement st = conn.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    }
  }
}
