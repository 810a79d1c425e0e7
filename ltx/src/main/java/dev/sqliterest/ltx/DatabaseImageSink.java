package dev.sqliterest.ltx;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes merged snapshot pages as a database file: every page 1..Commit in order, the lock page as
 * zeros, failing on the first missing page with the messages Litestream's restore uses.
 */
final class DatabaseImageSink {

  private final OutputStream out;
  private final int pageSize;
  private final int commit;
  private final int lockPgno;
  private int next = 1;

  DatabaseImageSink(OutputStream out, LtxHeader merged) {
    this.out = out;
    this.pageSize = merged.pageSize();
    this.commit = merged.commit();
    this.lockPgno = merged.lockPgno();
  }

  void page(int pgno, byte[] data) throws IOException {
    skipLockPage();
    if (pgno != next) {
      throw new LtxFormatException(
          next == 1
              ? "snapshot transaction file must start with page number 1, got " + pgno
              : "nonsequential page numbers in snapshot transaction: " + (next - 1) + ", " + pgno);
    }
    out.write(data, 0, pageSize);
    next++;
  }

  void finish() throws IOException {
    skipLockPage();
    if (next != commit + 1) {
      throw new LtxFormatException(
          "restore plan misses pages " + next + ".." + commit + " of commit " + commit);
    }
  }

  private void skipLockPage() throws IOException {
    if (next == lockPgno && next <= commit) {
      out.write(new byte[pageSize]);
      next++;
    }
  }
}
