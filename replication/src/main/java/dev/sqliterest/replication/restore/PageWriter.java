package dev.sqliterest.replication.restore;

import java.io.IOException;

/**
 * Writes pages into a database file at {@code (pgno - 1) * pageSize}, gathering runs of consecutive
 * pages (a snapshot is one long run) into one buffer so a 256 MiB restore makes a few hundred write
 * calls instead of tens of thousands. Whether a run is written at once or handed to a writer thread
 * is the target's choice. Where the bytes go is the caller's: a restore's temporary file, or a
 * follower's live database file.
 */
public final class PageWriter {

  /** Where full runs go. */
  @FunctionalInterface
  public interface Target {
    /**
     * Writes {@code len} bytes of {@code buffer} at {@code position} of the target file, now or
     * later (on a writer thread); returns the buffer to fill next: {@code buffer} itself once it
     * was written, or another of the same length while it is still being written.
     */
    byte[] write(byte[] buffer, int len, long position) throws IOException;
  }

  private static final int BUFFER_BYTES = 1 << 20;

  private final Target out;
  private final int pageSize;
  private byte[] buf;
  private int used;
  private long runStart = -1;
  private int nextPgno;

  public PageWriter(Target out, int pageSize) {
    this.out = out;
    this.pageSize = pageSize;
    this.buf = new byte[Math.max(BUFFER_BYTES / pageSize, 1) * pageSize];
  }

  public int pageSize() {
    return pageSize;
  }

  public void write(int pgno, byte[] page) throws IOException {
    if (runStart >= 0 && (pgno != nextPgno || used == buf.length)) {
      flush();
    }
    if (runStart < 0) {
      runStart = (long) (pgno - 1) * pageSize;
    }
    System.arraycopy(page, 0, buf, used, pageSize);
    used += pageSize;
    nextPgno = pgno + 1;
  }

  public void flush() throws IOException {
    if (runStart < 0) {
      return;
    }
    buf = out.write(buf, used, runStart);
    used = 0;
    runStart = -1;
  }
}
