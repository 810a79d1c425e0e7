package dev.sqliterest.ltx;

/**
 * The rolling database checksum LTX files may carry as pre-/post-apply checksums (docs/FORMAT.md,
 * "Trailer and checksums"): the XOR of every page's checksum, each {@code (1<<63) |
 * CRC64(u32be(pgno) || data)}. Litestream v0.5 never tracks it (NoChecksum); the decoder checks it
 * only for snapshots without that flag.
 */
public final class DatabaseChecksum {

  private long value;

  /** The checksum of one page. */
  public static long page(int pgno, byte[] data, int off, int len) {
    Crc64 crc = new Crc64();
    crc.update(pgno >>> 24);
    crc.update(pgno >>> 16);
    crc.update(pgno >>> 8);
    crc.update(pgno);
    crc.update(data, off, len);
    return LtxHeader.CHECKSUM_FLAG | crc.getValue();
  }

  /** Adds one page. */
  public void add(int pgno, byte[] data, int off, int len) {
    value = LtxHeader.CHECKSUM_FLAG | (value ^ page(pgno, data, off, len));
  }

  /** The checksum of the pages added so far (0 before any). */
  public long value() {
    return value;
  }
}
