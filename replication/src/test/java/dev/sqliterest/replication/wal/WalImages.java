package dev.sqliterest.replication.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;

/** Test oracles and rewrites for WAL files: SQLite's own checkpoint, a big-endian re-encoding. */
final class WalImages {

  private WalImages() {}

  /**
   * The database file SQLite produces when it recovers and checkpoints {@code db} + {@code wal}
   * (copied into {@code scratch}, the originals are untouched).
   */
  static byte[] checkpointedBySqlite(byte[] db, byte[] wal, Path scratch)
      throws IOException, SQLException {
    Files.createDirectories(scratch);
    Path copy = scratch.resolve("oracle.sqlite");
    Files.write(copy, db);
    Files.write(scratch.resolve("oracle.sqlite-wal"), wal);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    return Files.readAllBytes(copy);
  }

  /** Row count of table {@code t} as SQLite sees {@code db} + {@code wal}. */
  static long rowsSeenBySqlite(byte[] db, byte[] wal, Path scratch)
      throws IOException, SQLException {
    Files.createDirectories(scratch);
    Path copy = scratch.resolve("rows.sqlite");
    Files.write(copy, db);
    Files.write(scratch.resolve("rows.sqlite-wal"), wal);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Applies the committed pages of {@code scan} onto {@code db}, as a checkpoint would. */
  static byte[] apply(byte[] db, WalScan scan, Path walPath) throws IOException {
    if (scan.isEmpty()) {
      return db;
    }
    int pageSize = scan.header().pageSize();
    byte[] out = Arrays.copyOf(db, scan.commit() * pageSize);
    byte[] page = new byte[pageSize];
    try (WalReader reader = WalReader.open(walPath)) {
      for (Map.Entry<Integer, Long> e : scan.pages().entrySet()) {
        reader.readPage(e.getValue(), page);
        System.arraycopy(page, 0, out, (e.getKey() - 1) * pageSize, pageSize);
      }
    }
    return out;
  }

  /**
   * Rewrites a little-endian WAL with the big-endian magic and big-endian checksums. Frames of the
   * valid prefix get recomputed checksums; the first invalid frame and everything after it are
   * copied unchanged (they stay invalid: wrong salts, or a checksum that no longer chains).
   */
  static byte[] toBigEndian(byte[] wal) throws WalFormatException {
    WalHeader le = WalHeader.parse(wal);
    byte[] out = wal.clone();
    ByteBuffer buf = ByteBuffer.wrap(out);
    buf.putInt(0, WalHeader.MAGIC_BIG_ENDIAN);
    WalChecksum beRunning = WalChecksum.ZERO.update(true, out, 0, 24);
    buf.putInt(24, beRunning.s1()).putInt(28, beRunning.s2());
    WalChecksum leRunning = le.checksum();
    int frameSize = le.frameSize();
    for (int at = WalHeader.SIZE; at + frameSize <= wal.length; at += frameSize) {
      WalFrame frame = WalFrame.parse(at, wal, at);
      leRunning = leRunning.update(false, wal, at, 8).update(false, wal, at + 24, le.pageSize());
      if (!frame.hasSaltsOf(le) || !leRunning.equals(frame.checksum())) {
        break;
      }
      beRunning = beRunning.update(true, out, at, 8).update(true, out, at + 24, le.pageSize());
      buf.putInt(at + 16, beRunning.s1()).putInt(at + 20, beRunning.s2());
    }
    return out;
  }
}
