package dev.sqliterest.sqlite;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Positional, read-only access to a file. The live database file and its WAL are only ever read
 * through this interface (see {@link LiveFiles}), which has no {@code close}: closing any
 * descriptor of a file SQLite has open drops SQLite's POSIX locks on it.
 */
public interface ReadableFile {

  /** The file's path (for messages). */
  Path path();

  /** Current size in bytes. */
  long size() throws IOException;

  /**
   * Reads up to {@code len} bytes at {@code position} into {@code dst[off..]}; returns the number
   * read, or -1 at the end of the file.
   */
  int read(byte[] dst, int off, int len, long position) throws IOException;

  /** Reads as many of {@code len} bytes as the file has at {@code position}; returns the count. */
  default int readUpTo(byte[] dst, int off, int len, long position) throws IOException {
    int total = 0;
    while (total < len) {
      int n = read(dst, off + total, len - total, position + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /** Reads exactly {@code len} bytes at {@code position}, or throws {@link EOFException}. */
  default void readFully(byte[] dst, int off, int len, long position) throws IOException {
    int n = readUpTo(dst, off, len, position);
    if (n < len) {
      throw new EOFException(
          path() + " ends at " + (position + n) + ", inside " + len + " bytes at " + position);
    }
  }
}
