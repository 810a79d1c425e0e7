package dev.sqliterest.ltx;

/**
 * An LTX checksum that does not match the recomputed value: the CRC-64 file checksum in the
 * trailer, or the post-apply database checksum of a snapshot that tracks checksums.
 */
public final class ChecksumMismatchException extends LtxFormatException {

  private static final long serialVersionUID = 1L;

  private final long expected;
  private final long actual;

  public ChecksumMismatchException(String what, long expected, long actual) {
    super(
        what
            + " mismatch: file says "
            + String.format("%016x", expected)
            + ", calculated "
            + String.format("%016x", actual));
    this.expected = expected;
    this.actual = actual;
  }

  /** The checksum stored in the file. */
  public long expected() {
    return expected;
  }

  /** The checksum computed from the file's content. */
  public long actual() {
    return actual;
  }
}
