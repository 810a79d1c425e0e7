package dev.sqliterest.sqlite;

import java.io.IOException;

/**
 * A follower's database file while a {@link PageUpdate} runs: positional writes through the one
 * descriptor that lives as long as the database's connections ({@link LiveFiles}). Like {@link
 * ReadableFile} it has no {@code close}.
 */
public interface WritableFile extends ReadableFile {

  /** Writes {@code len} bytes of {@code src} at {@code position}. */
  void write(byte[] src, int off, int len, long position) throws IOException;

  /** Truncates or extends (with zeros) the file to {@code size} bytes. */
  void setSize(long size) throws IOException;

  /** Flushes the file's data to the disk (fsync). */
  void force() throws IOException;
}
