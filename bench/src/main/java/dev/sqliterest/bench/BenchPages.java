package dev.sqliterest.bench;

import java.util.Random;

/**
 * The page set every LTX benchmark uses: 256 pages of 4 KiB (1 MiB) shaped like SQLite b-tree pages
 * — a header, random record bytes filling about half the page, the rest zeros — so LZ4 compresses
 * them about 2:1, as with typical tables.
 */
final class BenchPages {

  static final int PAGE_SIZE = 4096;
  static final int PAGES = 256;
  static final int BYTES = PAGE_SIZE * PAGES;

  private BenchPages() {}

  /** All pages back to back, deterministic. */
  static byte[] database() {
    Random rnd = new Random(20261127);
    byte[] db = new byte[BYTES];
    for (int p = 0; p < PAGES; p++) {
      int off = p * PAGE_SIZE;
      db[off] = 0x0D;
      int used = PAGE_SIZE / 4 + rnd.nextInt(PAGE_SIZE / 2);
      for (int i = PAGE_SIZE - used; i < PAGE_SIZE; i++) {
        // records: mostly small integers and text-like bytes, some random
        db[off + i] = (byte) (i % 5 == 0 ? rnd.nextInt() : 'a' + rnd.nextInt(16));
      }
    }
    return db;
  }
}
