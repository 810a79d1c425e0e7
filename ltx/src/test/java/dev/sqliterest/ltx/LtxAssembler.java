package dev.sqliterest.ltx;

import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Builds LTX files from hand-made page payloads, written from docs/FORMAT.md ("Page frames" to
 * "Trailer and checksums") independently of the encoder: lets tests feed the decoder frame variants
 * and malformed pieces the encoder never writes.
 */
final class LtxAssembler {

  /**
   * One frame: page header fields, the bytes after the page header, and the page they decode to.
   */
  record RawFrame(int pgno, int flags, byte[] payload, byte[] page) {}

  private LtxAssembler() {}

  static byte[] assemble(LtxHeader h, List<RawFrame> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Crc64 crc = new Crc64();
    byte[] hb = h.toBytes();
    out.writeBytes(hb);
    crc.update(hb, 0, hb.length);
    ByteArrayOutputStream index = new ByteArrayOutputStream();
    for (RawFrame f : frames) {
      int offset = out.size();
      byte[] ph = new byte[6];
      Bytes.putI32(ph, 0, f.pgno());
      Bytes.putU16(ph, 4, f.flags());
      out.writeBytes(ph);
      out.writeBytes(f.payload());
      crc.update(ph, 0, 6);
      if ((f.flags() & 1) != 0) {
        crc.update(f.payload(), 0, 4);
      }
      crc.update(f.page(), 0, f.page().length);
      PageIndex.putUvarint(index, f.pgno());
      PageIndex.putUvarint(index, offset);
      PageIndex.putUvarint(index, out.size() - offset);
    }
    byte[] end = new byte[6];
    out.writeBytes(end);
    crc.update(end, 0, 6);
    index.write(0);
    byte[] idx = index.toByteArray();
    out.writeBytes(idx);
    crc.update(idx, 0, idx.length);
    crc.updateLong(idx.length);
    crc.updateLong(0);
    byte[] tail = new byte[16];
    Bytes.putI64(tail, 0, idx.length);
    out.write(tail, 0, 8);
    Bytes.putI64(tail, 0, 0);
    Bytes.putI64(tail, 8, LtxHeader.CHECKSUM_FLAG | crc.getValue());
    out.writeBytes(tail);
    return out.toByteArray();
  }

  /** The payload of a block-encoded page: u32 size then the raw block. */
  static RawFrame block(int pgno, byte[] page, byte[] block) {
    byte[] payload = new byte[4 + block.length];
    Bytes.putI32(payload, 0, block.length);
    System.arraycopy(block, 0, payload, 4, block.length);
    return new RawFrame(pgno, 1, payload, page);
  }

  static byte[] lz4Block(byte[] data, int off, int len) {
    return LZ4Factory.fastestInstance().fastCompressor().compress(data, off, len);
  }

  /** Builder for one LZ4 frame with chosen descriptor options. */
  static final class Frame {
    private final ByteArrayOutputStream blocks = new ByteArrayOutputStream();
    private int flg = 0x60;
    private int bd = 0x40;
    private Long contentSize;

    Frame blockChecksums() {
      flg |= 0x10;
      return this;
    }

    Frame contentChecksum() {
      flg |= 0x04;
      return this;
    }

    Frame contentSize(long size) {
      flg |= 0x08;
      contentSize = size;
      return this;
    }

    Frame bd(int value) {
      bd = value;
      return this;
    }

    Frame compressed(byte[] data, int off, int len) {
      return raw(lz4Block(data, off, len), false);
    }

    Frame stored(byte[] data, int off, int len) {
      byte[] b = new byte[len];
      System.arraycopy(data, off, b, 0, len);
      return raw(b, true);
    }

    private Frame raw(byte[] b, boolean stored) {
      byte[] word = new byte[4];
      Bytes.putLe32(word, 0, b.length | (stored ? 0x80000000 : 0));
      blocks.writeBytes(word);
      blocks.writeBytes(b);
      if ((flg & 0x10) != 0) {
        Bytes.putLe32(word, 0, xxh32(b));
        blocks.writeBytes(word);
      }
      return this;
    }

    byte[] build(byte[] page) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(new byte[] {0x04, 0x22, 0x4D, 0x18});
      ByteArrayOutputStream desc = new ByteArrayOutputStream();
      desc.write(flg);
      desc.write(bd);
      if (contentSize != null) {
        for (int i = 0; i < 8; i++) {
          desc.write((int) (contentSize >>> (8 * i)));
        }
      }
      byte[] d = desc.toByteArray();
      out.writeBytes(d);
      out.write((xxh32(d) >>> 8) & 0xFF);
      out.writeBytes(blocks.toByteArray());
      out.writeBytes(new byte[4]);
      if ((flg & 0x04) != 0) {
        byte[] word = new byte[4];
        Bytes.putLe32(word, 0, xxh32(page));
        out.writeBytes(word);
      }
      return out.toByteArray();
    }
  }

  static int xxh32(byte[] b) {
    return XXHashFactory.safeInstance().hash32().hash(b, 0, b.length, 0);
  }
}
