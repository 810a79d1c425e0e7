package dev.sqliterest.replication.restore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes pages into a database file at {@code (pgno - 1) * pageSize}, gathering runs of consecutive
 * pages (a snapshot is one long run) into one direct buffer so a 256 MiB restore makes a few
 * hundred write calls instead of tens of thousands.
 */
final class PageWriter {

  private static final int BUFFER_BYTES = 1 << 20;

  private final FileChannel out;
  private final int pageSize;
  private final ByteBuffer buf;
  private long runStart = -1;
  private int nextPgno;

  PageWriter(FileChannel out, int pageSize) {
    this.out = out;
    this.pageSize = pageSize;
    this.buf = ByteBuffer.allocateDirect(Math.max(BUFFER_BYTES / pageSize, 1) * pageSize);
  }

  int pageSize() {
    return pageSize;
  }

  void write(int pgno, byte[] page) throws IOException {
    if (runStart >= 0 && (pgno != nextPgno || !buf.hasRemaining())) {
      flush();
    }
    if (runStart < 0) {
      runStart = (long) (pgno - 1) * pageSize;
    }
    buf.put(page, 0, pageSize);
    nextPgno = pgno + 1;
  }

  void flush() throws IOException {
    if (runStart < 0) {
      return;
    }
    buf.flip();
    long pos = runStart;
    while (buf.hasRemaining()) {
      pos += out.write(buf, pos);
    }
    buf.clear();
    runStart = -1;
  }
}
