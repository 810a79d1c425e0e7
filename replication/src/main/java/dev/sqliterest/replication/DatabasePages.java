package dev.sqliterest.replication;

import dev.sqliterest.replication.wal.WalReader;
import dev.sqliterest.sqlite.ReadableFile;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Map;

/**
 * Page images of the database at one committed state: the newest committed WAL frame of a page when
 * the WAL has one, else the page in the database file (which holds everything checkpointed). Reads
 * the live files through the database's {@code LiveFiles}; it opens no descriptor itself.
 */
final class DatabasePages {

  private final ReadableFile dbFile;
  private final int pageSize;
  private final WalReader wal;
  private final Map<Integer, Long> walPages;

  DatabasePages(ReadableFile dbFile, int pageSize, WalReader wal, Map<Integer, Long> walPages) {
    this.dbFile = dbFile;
    this.pageSize = pageSize;
    this.wal = wal;
    this.walPages = walPages;
  }

  /**
   * Reads page {@code pgno} into {@code page}. Pages read from the WAL are only valid once {@link
   * #requireWalUnchanged} passed after the last read.
   */
  void read(int pgno, byte[] page) throws IOException {
    Long frame = walPages.get(pgno);
    if (frame != null) {
      try {
        wal.readPage(frame, page);
      } catch (EOFException e) {
        // only a checkpoint that restarts the WAL shortens it below a frame already validated
        throw restarted();
      }
      return;
    }
    long at = (long) (pgno - 1) * pageSize;
    int n = dbFile.readUpTo(page, 0, pageSize, at);
    if (n == 0 && at >= dbFile.size()) {
      // a page the WAL grew the database to but never wrote (possible only for free pages)
      Arrays.fill(page, (byte) 0);
    } else if (n < pageSize) {
      throw new EOFException("database file ends inside page " + pgno);
    }
  }

  /**
   * Throws {@link WalRestartedException} when the WAL was restarted since its frames were
   * validated: a frame read may then hold a later transaction's page. Call after the last {@link
   * #read}, before anything read is published.
   */
  void requireWalUnchanged() throws IOException {
    if (!walPages.isEmpty() && !wal.sameGeneration()) {
      throw restarted();
    }
  }

  private WalRestartedException restarted() {
    return WalRestartedException.of(dbFile.path());
  }

  /** Size of the database file in whole pages. */
  long filePages() throws IOException {
    return dbFile.size() / pageSize;
  }

  /** Page size from the database header (bytes 16-17, big-endian, 1 meaning 65536). */
  static int pageSizeOf(ReadableFile dbFile) throws IOException {
    byte[] b = new byte[2];
    if (dbFile.readUpTo(b, 0, 2, 16) < 2) {
      throw new NoSuchFileException(
          dbFile.path().toString(), null, "database file has no header yet");
    }
    int v = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    return v == 1 ? 65536 : v;
  }
}
