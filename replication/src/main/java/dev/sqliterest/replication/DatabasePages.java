package dev.sqliterest.replication;

import dev.sqliterest.replication.wal.WalReader;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Page images of the database at one committed state: the newest committed WAL frame of a page
 * when the WAL has one, else the page in the database file (which holds everything checkpointed).
 */
final class DatabasePages implements AutoCloseable {

  private final FileChannel dbFile;
  private final int pageSize;
  private final WalReader wal;
  private final Map<Integer, Long> walPages;

  DatabasePages(Path dbPath, int pageSize, WalReader wal, Map<Integer, Long> walPages) throws IOException {
    this.dbFile = FileChannel.open(dbPath, StandardOpenOption.READ);
    this.pageSize = pageSize;
    this.wal = wal;
    this.walPages = walPages;
  }

  /** Reads page {@code pgno} into {@code page}. */
  void read(int pgno, byte[] page) throws IOException {
    Long frame = walPages.get(pgno);
    if (frame != null) {
      wal.readPage(frame, page);
      return;
    }
    ByteBuffer buf = ByteBuffer.wrap(page);
    long at = (long) (pgno - 1) * pageSize;
    while (buf.hasRemaining()) {
      int n = dbFile.read(buf, at + buf.position());
      if (n < 0) {
        if (buf.position() == 0 && at >= dbFile.size()) {
          // a page the WAL grew the database to but never wrote (possible only for free pages)
          Arrays.fill(page, (byte) 0);
          return;
        }
        throw new EOFException("database file ends inside page " + pgno);
      }
    }
  }

  /** Size of the database file in whole pages. */
  long filePages() throws IOException {
    return dbFile.size() / pageSize;
  }

  /** Page size from the database header (bytes 16-17, big-endian, 1 meaning 65536). */
  static int pageSizeOf(Path dbPath) throws IOException {
    try (FileChannel ch = FileChannel.open(dbPath, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(2);
      if (ch.read(b, 16) < 2) {
        throw new NoSuchFileException(dbPath.toString(), null, "database file has no header yet");
      }
      int v = b.getShort(0) & 0xffff;
      return v == 1 ? 65536 : v;
    }
  }

  @Override
  public void close() throws IOException {
    dbFile.close();
  }
}
