package dev.sqliterest.ltx;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The page index that follows the end marker (docs/FORMAT.md, "Page index"): for every page in
 * ascending page order, its number, the byte offset of its frame from the start of the file and the
 * frame's size. On disk: unsigned varint triples, a varint 0, then the index size as a big-endian
 * u64.
 */
public record PageIndex(List<Entry> entries) {

  /** One page's frame location. */
  public record Entry(int pgno, long offset, long size) {}

  public PageIndex {
    entries = List.copyOf(entries);
  }

  /** The varint bytes of the index, terminator included, size field excluded. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(entries.size() * 6 + 1);
    for (Entry e : entries) {
      putUvarint(out, Integer.toUnsignedLong(e.pgno()));
      putUvarint(out, e.offset());
      putUvarint(out, e.size());
    }
    putUvarint(out, 0);
    return out.toByteArray();
  }

  /** Writes an unsigned LEB128 varint (Go {@code binary.AppendUvarint}). */
  static void putUvarint(ByteArrayOutputStream out, long v) {
    while (Long.compareUnsigned(v, 0x80) >= 0) {
      out.write((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }
}
