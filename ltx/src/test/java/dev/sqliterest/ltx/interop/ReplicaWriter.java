package dev.sqliterest.ltx.interop;

import dev.sqliterest.ltx.LtxCompactor;
import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.ltx.LtxFileName;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.ltx.LtxSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;

/**
 * Writes a Litestream v0.5 file replica (docs/FORMAT.md, "Paths") from database images with our
 * encoder: one L0 file per TXID ({@code ltx/0/<k>-<k>.ltx}: every page changed since TXID k−1 plus
 * growth pages, TXID 1 a full image) and optionally an L9 snapshot ({@code
 * ltx/9/0000000000000001-<k>.ltx}). File mtimes are set to the header timestamps, as Litestream's
 * file backend does.
 */
final class ReplicaWriter {

  static final long BASE_TIMESTAMP = 1_790_000_000_000L;

  private final Path root;
  private final LtxEncoder.Options options;

  ReplicaWriter(Path root, LtxEncoder.Options options) {
    this.root = root;
    this.options = options;
  }

  Path root() {
    return root;
  }

  /** Writes L0 files for TXIDs 1..{@code last}. */
  void writeL0(DatabaseHistory h, int last) throws IOException {
    for (int txid = 1; txid <= last; txid++) {
      byte[] prev = txid == 1 ? new byte[0] : h.image(txid - 1);
      byte[] cur = h.image(txid);
      LtxHeader header =
          LtxHeader.of(DatabaseHistory.PAGE_SIZE, pages(cur), txid, txid, timestamp(txid))
              .withWal(LtxHeader.WAL_HEADER_SIZE, 0, 0, 0);
      write(0, header, prev, cur);
    }
  }

  /** Writes the L9 snapshot of TXID {@code txid}. */
  void writeSnapshot(DatabaseHistory h, int txid) throws IOException {
    byte[] cur = h.image(txid);
    LtxHeader header =
        LtxHeader.of(DatabaseHistory.PAGE_SIZE, pages(cur), 1, txid, timestamp(txid) + 500)
            .withWal(LtxHeader.WAL_HEADER_SIZE, 0, 0, 0);
    write(9, header, new byte[0], cur);
  }

  /**
   * Compacts L0 TXIDs {@code from..to} into one L1 file with our compactor, then deletes those L0
   * files except TXID 1 (as L0 retention would), so a restore can only bridge them through L1.
   */
  void compactToL1(int from, int to) throws IOException {
    Path l0 = root.resolve("ltx/0");
    java.util.List<InputStream> inputs = new java.util.ArrayList<>();
    try {
      for (int txid = from; txid <= to; txid++) {
        inputs.add(Files.newInputStream(l0.resolve(new LtxFileName(txid, txid).fileName())));
      }
      Path dir = Files.createDirectories(root.resolve("ltx/1"));
      Path file = dir.resolve(new LtxFileName(from, to).fileName());
      LtxSummary info;
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
        info = new LtxCompactor(options).compact(inputs, out);
      }
      Files.setLastModifiedTime(file, FileTime.fromMillis(info.header().timestamp()));
    } finally {
      for (InputStream in : inputs) {
        in.close();
      }
    }
    for (int txid = Math.max(from, 2); txid <= to; txid++) {
      Files.delete(l0.resolve(new LtxFileName(txid, txid).fileName()));
    }
  }

  private LtxSummary write(int level, LtxHeader header, byte[] prev, byte[] cur)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve("ltx").resolve(Integer.toString(level)));
    Path file = dir.resolve(header.fileName().fileName());
    LtxSummary info;
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
      LtxEncoder enc = LtxEncoder.create(out, header, options);
      int ps = DatabaseHistory.PAGE_SIZE;
      for (int pgno = 1; pgno <= header.commit(); pgno++) {
        int off = (pgno - 1) * ps;
        boolean changed =
            off + ps > prev.length || !Arrays.equals(cur, off, off + ps, prev, off, off + ps);
        if (header.isSnapshot() || changed) {
          enc.encodePage(pgno, cur, off);
        }
      }
      info = enc.finish();
    }
    Files.setLastModifiedTime(file, FileTime.fromMillis(header.timestamp()));
    return info;
  }

  static long timestamp(int txid) {
    return BASE_TIMESTAMP + txid * 1000L;
  }

  private static int pages(byte[] image) {
    return image.length / DatabaseHistory.PAGE_SIZE;
  }
}
