package dev.sqliterest.ltx;

/**
 * How a page's payload is stored (docs/FORMAT.md, "Page frames"). Every Litestream v0.5.x reads
 * {@link #FRAME}; only v0.5.16 and later read {@link #BLOCK}.
 */
public enum PageEncoding {
  /** Page flags 0: one complete LZ4 frame holding the page (ltx v0.5.0/v0.5.1 layout). */
  FRAME(0),
  /** Page flags 0x1: a u32 compressed size, then one raw LZ4 block (ltx v0.5.2 layout). */
  BLOCK(PageHeader.FLAG_SIZE);

  private final int pageFlags;

  PageEncoding(int pageFlags) {
    this.pageFlags = pageFlags;
  }

  /** The page-header flags this encoding writes. */
  public int pageFlags() {
    return pageFlags;
  }
}
