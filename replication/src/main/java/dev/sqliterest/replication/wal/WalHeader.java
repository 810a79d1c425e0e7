package dev.sqliterest.replication.wal;

import java.nio.ByteBuffer;

/**
 * The 32-byte header of a SQLite WAL file. Fields are always stored big-endian; the magic's low bit
 * only chooses the byte order of the checksum words.
 *
 * @param magic {@link #MAGIC_LITTLE_ENDIAN} or {@link #MAGIC_BIG_ENDIAN}
 * @param version the WAL format version, always {@link #VERSION}
 * @param pageSize the database page size in bytes
 * @param checkpointSeq incremented by SQLite each time the WAL restarts
 * @param salt1 salt-1, copied into every frame of this WAL generation
 * @param salt2 salt-2, copied into every frame of this WAL generation
 * @param checksum the header checksum (over bytes 0..23)
 */
public record WalHeader(
    int magic,
    int version,
    int pageSize,
    int checkpointSeq,
    int salt1,
    int salt2,
    WalChecksum checksum) {

  /** Size of the header in bytes; the first frame starts here. */
  public static final int SIZE = 32;

  /** Magic for a WAL whose checksum words are little-endian. */
  public static final int MAGIC_LITTLE_ENDIAN = 0x377f0682;

  /** Magic for a WAL whose checksum words are big-endian. */
  public static final int MAGIC_BIG_ENDIAN = 0x377f0683;

  /** The only WAL format version SQLite writes. */
  public static final int VERSION = 3007000;

  /** True when the checksum words are read big-endian. */
  public boolean bigEndianChecksums() {
    return (magic & 1) == 1;
  }

  /** Bytes of one frame: 24-byte frame header plus one page. */
  public int frameSize() {
    return WalFrame.HEADER_SIZE + pageSize;
  }

  /** The WAL size after {@code frames} frames (Litestream's calcWALSize). */
  public long sizeAfter(long frames) {
    return SIZE + frames * frameSize();
  }

  /**
   * True when {@code this} belongs to a different WAL generation than {@code earlier}: SQLite
   * restarted the log (new salts or a new checkpoint sequence), whatever the file size says.
   */
  public boolean restartedSince(WalHeader earlier) {
    return salt1 != earlier.salt1
        || salt2 != earlier.salt2
        || checkpointSeq != earlier.checkpointSeq;
  }

  /**
   * Parses and validates a header: magic, version, page size and checksum.
   *
   * @throws WalFormatException naming the first field that is wrong
   */
  public static WalHeader parse(byte[] bytes) throws WalFormatException {
    if (bytes.length < SIZE) {
      throw new WalFormatException(
          "wal header too short: " + bytes.length + " bytes, need " + SIZE);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes); // big-endian
    int magic = buf.getInt(0);
    if (magic != MAGIC_LITTLE_ENDIAN && magic != MAGIC_BIG_ENDIAN) {
      throw new WalFormatException(String.format("invalid wal magic 0x%08x", magic));
    }
    int version = buf.getInt(4);
    if (version != VERSION) {
      throw new WalFormatException("unsupported wal version " + Integer.toUnsignedString(version));
    }
    int pageSize = buf.getInt(8);
    if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
      throw new WalFormatException("invalid wal page size " + Integer.toUnsignedString(pageSize));
    }
    WalChecksum stored = new WalChecksum(buf.getInt(24), buf.getInt(28));
    WalChecksum computed = WalChecksum.ZERO.update((magic & 1) == 1, bytes, 0, 24);
    if (!computed.equals(stored)) {
      throw new WalFormatException(
          "wal header checksum mismatch: stored " + stored + ", computed " + computed);
    }
    return new WalHeader(
        magic, version, pageSize, buf.getInt(12), buf.getInt(16), buf.getInt(20), stored);
  }

  /** The 32 header bytes, as SQLite lays them out. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(SIZE)
        .putInt(magic)
        .putInt(version)
        .putInt(pageSize)
        .putInt(checkpointSeq)
        .putInt(salt1)
        .putInt(salt2)
        .putInt(checksum.s1())
        .putInt(checksum.s2())
        .array();
  }

  @Override
  public String toString() {
    return String.format(
        "WalHeader[magic=%08x, pageSize=%d, checkpointSeq=%d, salt=%08x/%08x, checksum=%s]",
        magic, pageSize, Integer.toUnsignedLong(checkpointSeq), salt1, salt2, checksum);
  }
}
