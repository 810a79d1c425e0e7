package dev.sqliterest.ltx;

/**
 * The 6-byte header in front of every page frame (docs/FORMAT.md, "Page frames"): page number and
 * flags. Six zero bytes mark the end of the page block.
 */
public record PageHeader(int pgno, int flags) {

  /** Size on disk in bytes. */
  public static final int SIZE = 6;

  /** Page flag: a 4-byte compressed size and a raw LZ4 block follow (else one LZ4 frame). */
  public static final int FLAG_SIZE = 0x1;

  /** The end-of-page-block marker. */
  public static final PageHeader END = new PageHeader(0, 0);

  /** Whether this is the end-of-page-block marker. */
  public boolean isEnd() {
    return pgno == 0 && flags == 0;
  }

  /** The payload encoding this header announces. */
  public PageEncoding encoding() {
    return (flags & FLAG_SIZE) != 0 ? PageEncoding.BLOCK : PageEncoding.FRAME;
  }

  /**
   * Checks a page header read from a file.
   *
   * @throws LtxFormatException for page 0 with flags, or undefined flag bits
   */
  public void validate() throws LtxFormatException {
    if ((flags & ~FLAG_SIZE) != 0) {
      throw new LtxFormatException(
          "invalid page header flags " + String.format("0x%04x", flags) + " on page " + pgnoText());
    }
    if (pgno == 0) {
      throw new LtxFormatException("page number required in page header");
    }
  }

  private String pgnoText() {
    return Integer.toUnsignedString(pgno);
  }

  void writeTo(byte[] b, int off) {
    Bytes.putI32(b, off, pgno);
    Bytes.putU16(b, off + 4, flags);
  }

  static PageHeader parse(byte[] b, int off) {
    return new PageHeader(Bytes.i32(b, off), Bytes.u16(b, off + 4));
  }
}
