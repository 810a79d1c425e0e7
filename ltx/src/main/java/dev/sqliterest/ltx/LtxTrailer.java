package dev.sqliterest.ltx;

/**
 * The 16-byte trailer ending every LTX file (docs/FORMAT.md, "Trailer and checksums"): the
 * post-apply database checksum (0 in NoChecksum files) and the CRC-64 file checksum with bit 63
 * set.
 */
public record LtxTrailer(long postApplyChecksum, long fileChecksum) {

  /** Size on disk in bytes. */
  public static final int SIZE = 16;

  /** The 16 trailer bytes. */
  public byte[] toBytes() {
    byte[] b = new byte[SIZE];
    Bytes.putI64(b, 0, postApplyChecksum);
    Bytes.putI64(b, 8, fileChecksum);
    return b;
  }
}
