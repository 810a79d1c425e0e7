package dev.sqliterest.ltx;

import java.io.ByteArrayOutputStream;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The page index that follows the end marker (docs/FORMAT.md, "Page index"): for every page in
 * ascending page order, its number, the byte offset of its frame from the start of the file and the
 * frame's size. On disk: unsigned varint triples, a varint 0, then the index size as a big-endian
 * u64.
 *
 * <p>Encoders and decoders keep one entry per page of a file, so a snapshot of a large database
 * holds millions: they live in chunks of {@code long}s (16 bytes a page, never copied to grow)
 * rather than as objects (an object and a list slot, copied once more at the end: up to 76 bytes a
 * page). {@link #entries()} is a view.
 */
public final class PageIndex {

  /** One page's frame location. */
  public record Entry(int pgno, long offset, long size) {}

  /** Entries per chunk: growing never copies what was stored. */
  private static final int CHUNK_BITS = 12;

  private static final int CHUNK = 1 << CHUNK_BITS;

  /**
   * Chunks of entries, two {@code long}s each: page number (high 32 bits) and frame size (low 32
   * bits), then the frame's offset.
   */
  private final long[][] chunks;

  private final int count;

  private PageIndex(long[][] chunks, int count) {
    this.chunks = chunks;
    this.count = count;
  }

  public PageIndex(List<Entry> entries) {
    Builder b = new Builder();
    entries.forEach(e -> b.add(e.pgno(), e.offset(), e.size()));
    this.chunks = b.chunks;
    this.count = b.count;
  }

  /** The entries in file order (a read-only view). */
  public List<Entry> entries() {
    return new AbstractList<>() {
      @Override
      public Entry get(int i) {
        return entry(i);
      }

      @Override
      public int size() {
        return count;
      }
    };
  }

  /** Number of entries (pages). */
  public int size() {
    return count;
  }

  /** Entry {@code i}, 0-based. */
  public Entry entry(int i) {
    java.util.Objects.checkIndex(i, count);
    long[] c = chunks[i >>> CHUNK_BITS];
    int j = (i & (CHUNK - 1)) * 2;
    return new Entry((int) (c[j] >>> 32), c[j + 1], c[j] & 0xFFFFFFFFL);
  }

  /** Whether entry {@code i} exists and is exactly ({@code pgno}, {@code offset}, {@code size}). */
  boolean matches(int i, long pgno, long offset, long size) {
    if (i >= count || size > 0xFFFFFFFFL) {
      return false;
    }
    long[] c = chunks[i >>> CHUNK_BITS];
    int j = (i & (CHUNK - 1)) * 2;
    return c[j] == ((pgno << 32) | size) && c[j + 1] == offset;
  }

  /** The varint bytes of the index, terminator included, size field excluded. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(count * 6 + 1);
    for (Entry e : entries()) {
      putUvarint(out, Integer.toUnsignedLong(e.pgno()));
      putUvarint(out, e.offset());
      putUvarint(out, e.size());
    }
    putUvarint(out, 0);
    return out.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PageIndex other && entries().equals(other.entries());
  }

  @Override
  public int hashCode() {
    return entries().hashCode();
  }

  @Override
  public String toString() {
    return "PageIndex" + entries();
  }

  /** Writes an unsigned LEB128 varint (Go {@code binary.AppendUvarint}). */
  static void putUvarint(ByteArrayOutputStream out, long v) {
    while (Long.compareUnsigned(v, 0x80) >= 0) {
      out.write((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** Collects entries one page at a time; {@link #build} shares the chunks (no copy). */
  static final class Builder {
    private long[][] chunks = new long[16][];
    private int count;

    /**
     * Appends an entry; a frame is far below 4 GiB (one page plus a few bytes), and page numbers
     * are 32-bit.
     */
    void add(int pgno, long offset, long size) {
      if (size < 0 || size > 0xFFFFFFFFL) {
        throw new IllegalArgumentException("frame size out of range: " + size);
      }
      int chunk = count >>> CHUNK_BITS;
      if (chunk == chunks.length) {
        chunks = Arrays.copyOf(chunks, chunk * 2);
      }
      int j = (count & (CHUNK - 1)) * 2;
      if (chunks[chunk] == null) {
        // a small file (most L0 files) stays small: only the first chunk starts short and grows
        chunks[chunk] = new long[chunk == 0 ? 32 : 2 * CHUNK];
      } else if (j == chunks[chunk].length) {
        chunks[chunk] = Arrays.copyOf(chunks[chunk], 2 * j);
      }
      chunks[chunk][j] = (Integer.toUnsignedLong(pgno) << 32) | size;
      chunks[chunk][j + 1] = offset;
      count++;
    }

    PageIndex build() {
      return new PageIndex(chunks, count);
    }
  }
}
