package dev.sqliterest.replication.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden WAL files written by the sqlite3 CLI (see {@code src/test/resources/wal/make-golden.sh}),
 * read as they are and re-encoded big-endian. The oracle is SQLite itself: applying the committed
 * pages we find must give the exact file SQLite's checkpoint gives.
 */
final class WalReaderGoldenTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"cli-le", "cli-restart"})
  void scan_cliWal_equalsSqliteCheckpoint(String name) throws Exception {
    Golden golden = Golden.load(name);
    Path walPath = write(golden.wal());
    try (WalReader reader = WalReader.open(walPath)) {
      WalScan scan = reader.scan();
      assertThat(reader.header().bigEndianChecksums()).isFalse();
      assertThat(reader.header().pageSize()).isEqualTo(golden.expectedInt("pageSize"));
      assertThat(scan.transactions()).isEqualTo(golden.expectedInt("transactions"));
      assertThat(scan.endOffset()).isEqualTo(reader.header().sizeAfter(scan.validFrames()));
      assertThat(WalImages.apply(golden.db(), scan, walPath))
          .isEqualTo(
              WalImages.checkpointedBySqlite(golden.db(), golden.wal(), dir.resolve("oracle")));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cli-le", "cli-restart"})
  void scan_bigEndianRewrite_sameTransactionsAndSqliteAgrees(String name) throws Exception {
    Golden golden = Golden.load(name);
    byte[] bigEndian = WalImages.toBigEndian(golden.wal());
    Path lePath = write(golden.wal());
    Path bePath = dir.resolve("be.sqlite-wal");
    Files.write(bePath, bigEndian);
    try (WalReader le = WalReader.open(lePath);
        WalReader be = WalReader.open(bePath)) {
      WalScan leScan = le.scan();
      WalScan beScan = be.scan();
      assertThat(be.header().magic()).isEqualTo(WalHeader.MAGIC_BIG_ENDIAN);
      assertThat(be.header().bigEndianChecksums()).isTrue();
      assertThat(beScan.pages()).isEqualTo(leScan.pages());
      assertThat(beScan.commit()).isEqualTo(leScan.commit());
      assertThat(beScan.endOffset()).isEqualTo(leScan.endOffset());
      assertThat(beScan.transactions()).isEqualTo(leScan.transactions());
      assertThat(beScan.checksum()).isNotEqualTo(leScan.checksum());
      // SQLite recovers our big-endian rewrite: it sees every committed row.
      assertThat(WalImages.rowsSeenBySqlite(golden.db(), bigEndian, dir.resolve("rows")))
          .isEqualTo(golden.expectedInt("rows"));
      assertThat(WalImages.apply(golden.db(), beScan, bePath))
          .isEqualTo(WalImages.checkpointedBySqlite(golden.db(), bigEndian, dir.resolve("oracle")));
    }
  }

  @Test
  void scan_restartedWal_readsOnlyTheNewGeneration() throws Exception {
    Golden golden = Golden.load("cli-restart");
    Path walPath = write(golden.wal());
    try (WalReader reader = WalReader.open(walPath)) {
      WalScan scan = reader.scan();
      assertThat(reader.header().checkpointSeq()).isEqualTo(golden.expectedInt("checkpointSeq"));
      // stale frames of generation 0 follow the new ones in the same file
      assertThat(reader.size()).isGreaterThan(scan.endOffset());
      assertThat(reader.frameAt(scan.endOffset()))
          .get()
          .satisfies(stale -> assertThat(stale.hasSaltsOf(reader.header())).isFalse());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void scan_corruptedFrame_stopsWhereSqliteStops(boolean bigEndian) throws Exception {
    Golden golden = Golden.load("cli-le");
    byte[] wal = bigEndian ? WalImages.toBigEndian(golden.wal()) : golden.wal().clone();
    WalHeader header = WalHeader.parse(wal);
    int frame = 61;
    wal[(int) header.sizeAfter(frame) + WalFrame.HEADER_SIZE + 100] ^= 0x5a;
    Path walPath = write(wal);
    try (WalReader reader = WalReader.open(walPath)) {
      WalScan scan = reader.scan();
      assertThat(scan.validFrames()).isEqualTo(frame);
      assertThat(scan.endOffset()).isLessThanOrEqualTo(header.sizeAfter(frame));
      assertThat(WalImages.apply(golden.db(), scan, walPath))
          .isEqualTo(WalImages.checkpointedBySqlite(golden.db(), wal, dir.resolve("oracle")));
      assertThat(WalImages.rowsSeenBySqlite(golden.db(), wal, dir.resolve("rows")))
          .isLessThan(golden.expectedInt("rows"));
    }
  }

  private Path write(byte[] wal) throws Exception {
    Path path = dir.resolve("golden.sqlite-wal");
    Files.write(path, wal);
    return path;
  }

  private record Golden(byte[] db, byte[] wal, Properties expected) {
    static Golden load(String name) throws Exception {
      Properties expected = new Properties();
      try (InputStream in = resource(name, "expected.properties")) {
        expected.load(in);
      }
      try (InputStream db = resource(name, "base.sqlite");
          InputStream wal = resource(name, "base.sqlite-wal")) {
        return new Golden(db.readAllBytes(), wal.readAllBytes(), expected);
      }
    }

    int expectedInt(String key) {
      return Integer.parseInt(expected.getProperty(key));
    }

    private static InputStream resource(String name, String file) {
      InputStream in = WalReaderGoldenTest.class.getResourceAsStream("/wal/" + name + "/" + file);
      if (in == null) {
        throw new IllegalStateException("missing test resource /wal/" + name + "/" + file);
      }
      return in;
    }
  }
}
