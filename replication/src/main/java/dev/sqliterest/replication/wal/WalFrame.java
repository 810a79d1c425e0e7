package dev.sqliterest.replication.wal;

import java.nio.ByteBuffer;

/**
 * The 24-byte header of one WAL frame, with the byte offset of the frame in the WAL file.
 *
 * @param offset byte offset of the frame header in the WAL file
 * @param pgno the database page this frame carries
 * @param commit database size in pages after this frame's transaction on a commit frame, else 0
 * @param salt1 salt-1 copied from the WAL header when the frame was written
 * @param salt2 salt-2 copied from the WAL header when the frame was written
 * @param checksum the cumulative checksum stored in the frame
 */
public record WalFrame(
    long offset, int pgno, int commit, int salt1, int salt2, WalChecksum checksum) {

  /** Size of a frame header in bytes. */
  public static final int HEADER_SIZE = 24;

  /** True for the last frame of a transaction. */
  public boolean isCommit() {
    return commit != 0;
  }

  /** True when the frame carries the salts of {@code header}'s WAL generation. */
  public boolean hasSaltsOf(WalHeader header) {
    return salt1 == header.salt1() && salt2 == header.salt2();
  }

  /** Parses a frame header found at {@code offset} of the WAL from {@code bytes[at..at+24)}. */
  public static WalFrame parse(long offset, byte[] bytes, int at) {
    ByteBuffer buf = ByteBuffer.wrap(bytes, at, HEADER_SIZE);
    return new WalFrame(
        offset,
        buf.getInt(at),
        buf.getInt(at + 4),
        buf.getInt(at + 8),
        buf.getInt(at + 12),
        new WalChecksum(buf.getInt(at + 16), buf.getInt(at + 20)));
  }
}
