package dev.sqliterest.ltx;

/**
 * The 100-byte header of an LTX file (docs/FORMAT.md, "Header"): page size, database size after
 * applying the file ({@code commit}, in pages), the TXID range, a millisecond timestamp, the
 * pre-apply database checksum and the WAL range the file was built from. All integers are
 * big-endian on disk; u32 fields are held in {@code int} and limited to non-negative values, TXIDs
 * and checksums are unsigned {@code long}s.
 */
public record LtxHeader(
    int flags,
    int pageSize,
    int commit,
    long minTxid,
    long maxTxid,
    long timestamp,
    long preApplyChecksum,
    long walOffset,
    long walSize,
    int walSalt1,
    int walSalt2,
    long nodeId) {

  /** Header size in bytes. */
  public static final int SIZE = 100;

  /** {@code LTX1}, the magic of every LTX file. */
  public static final int MAGIC = 0x4C545831;

  /** Header flag: the file carries no database checksums (set on every Litestream v0.5 file). */
  public static final int FLAG_NO_CHECKSUM = 0x2;

  /** SQLite's PENDING_BYTE: the page holding it (the lock page) is never stored. */
  public static final long PENDING_BYTE = 0x40000000L;

  /** Bit 63, OR'ed into every stored checksum to make it non-zero. */
  public static final long CHECKSUM_FLAG = 1L << 63;

  /**
   * WAL offset Litestream expects in L0 files written without a real WAL range (docs/FORMAT.md,
   * "Header").
   */
  public static final long WAL_HEADER_SIZE = 32;

  /**
   * A header as Litestream v0.5 writes it: NoChecksum, zero checksums, zero WAL fields (as in a
   * compaction output) and node 0. Use {@link #withWal} for L0 and snapshot files.
   */
  public static LtxHeader of(int pageSize, int commit, long minTxid, long maxTxid, long timestamp) {
    return new LtxHeader(
        FLAG_NO_CHECKSUM, pageSize, commit, minTxid, maxTxid, timestamp, 0, 0, 0, 0, 0, 0);
  }

  /** A copy with the given WAL range fields. */
  public LtxHeader withWal(long offset, long size, int salt1, int salt2) {
    return new LtxHeader(
        flags,
        pageSize,
        commit,
        minTxid,
        maxTxid,
        timestamp,
        preApplyChecksum,
        offset,
        size,
        salt1,
        salt2,
        nodeId);
  }

  /** Whether this file holds a full database image (MinTXID 1). */
  public boolean isSnapshot() {
    return minTxid == 1;
  }

  /** Whether the NoChecksum flag is set. */
  public boolean noChecksum() {
    return (flags & FLAG_NO_CHECKSUM) != 0;
  }

  /** The page number of the lock page for this page size; never stored in LTX files. */
  public int lockPgno() {
    return lockPgno(pageSize);
  }

  /** The lock page (PENDING_BYTE page) for a page size: {@code 0x40000000 / pageSize + 1}. */
  public static int lockPgno(int pageSize) {
    return (int) (PENDING_BYTE / pageSize + 1);
  }

  /** The name an LTX file with this header carries. */
  public LtxFileName fileName() {
    return new LtxFileName(minTxid, maxTxid);
  }

  /**
   * Checks the rules the Go encoder and decoder both apply (docs/FORMAT.md, "Header rules").
   *
   * @throws LtxFormatException naming the first rule broken
   */
  public void validate() throws LtxFormatException {
    if ((flags & ~FLAG_NO_CHECKSUM) != 0) {
      throw new LtxFormatException("invalid ltx header flags: " + String.format("0x%08x", flags));
    }
    if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
      throw new LtxFormatException("invalid ltx page size: " + Integer.toUnsignedString(pageSize));
    }
    if (commit < 0) {
      throw new LtxFormatException(
          "ltx commit out of supported range: " + Integer.toUnsignedString(commit));
    }
    if (minTxid == 0) {
      throw new LtxFormatException("ltx min txid required");
    }
    if (maxTxid == 0) {
      throw new LtxFormatException("ltx max txid required");
    }
    if (Long.compareUnsigned(minTxid, maxTxid) > 0) {
      throw new LtxFormatException(
          "ltx min txid " + Bytes.hex(minTxid) + " greater than max txid " + Bytes.hex(maxTxid));
    }
    if (walOffset < 0) {
      throw new LtxFormatException("ltx wal offset cannot be negative: " + walOffset);
    }
    if (walSize < 0) {
      throw new LtxFormatException("ltx wal size cannot be negative: " + walSize);
    }
    if ((walSalt1 != 0 || walSalt2 != 0) && walOffset == 0) {
      throw new LtxFormatException("ltx wal offset required if salt exists");
    }
    if (walOffset == 0 && walSize != 0) {
      throw new LtxFormatException("ltx wal offset required if wal size exists");
    }
    if (isSnapshot() || noChecksum()) {
      if (preApplyChecksum != 0) {
        throw new LtxFormatException(
            (isSnapshot() ? "snapshot" : "no-checksum")
                + " ltx file cannot have a pre-apply checksum: "
                + Bytes.hex(preApplyChecksum));
      }
    } else if ((preApplyChecksum & CHECKSUM_FLAG) == 0) {
      throw new LtxFormatException(
          "ltx pre-apply checksum must be set with bit 63: " + Bytes.hex(preApplyChecksum));
    }
  }

  /** The 100 header bytes (reserved bytes zero). */
  public byte[] toBytes() {
    byte[] b = new byte[SIZE];
    Bytes.putI32(b, 0, MAGIC);
    Bytes.putI32(b, 4, flags);
    Bytes.putI32(b, 8, pageSize);
    Bytes.putI32(b, 12, commit);
    Bytes.putI64(b, 16, minTxid);
    Bytes.putI64(b, 24, maxTxid);
    Bytes.putI64(b, 32, timestamp);
    Bytes.putI64(b, 40, preApplyChecksum);
    Bytes.putI64(b, 48, walOffset);
    Bytes.putI64(b, 56, walSize);
    Bytes.putI32(b, 64, walSalt1);
    Bytes.putI32(b, 68, walSalt2);
    Bytes.putI64(b, 72, nodeId);
    return b;
  }

  /**
   * Parses 100 header bytes without validating fields other than the magic (call {@link
   * #validate}); reserved bytes are ignored, as the Go decoder does.
   */
  public static LtxHeader parse(byte[] b) throws LtxFormatException {
    if (b.length < SIZE) {
      throw new LtxFormatException("ltx header too short: " + b.length + " bytes");
    }
    if (Bytes.i32(b, 0) != MAGIC) {
      throw new LtxFormatException(
          "invalid ltx file: bad magic " + String.format("0x%08x", Bytes.i32(b, 0)));
    }
    return new LtxHeader(
        Bytes.i32(b, 4),
        Bytes.i32(b, 8),
        Bytes.i32(b, 12),
        Bytes.i64(b, 16),
        Bytes.i64(b, 24),
        Bytes.i64(b, 32),
        Bytes.i64(b, 40),
        Bytes.i64(b, 48),
        Bytes.i64(b, 56),
        Bytes.i32(b, 64),
        Bytes.i32(b, 68),
        Bytes.i64(b, 72));
  }
}
