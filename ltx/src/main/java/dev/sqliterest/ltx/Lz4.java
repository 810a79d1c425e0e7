package dev.sqliterest.ltx;

import java.io.IOException;
import java.io.InputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * LZ4 frames and blocks as LTX pages use them, and whole LZ4 frame streams as legacy v0.3 replicas
 * store them: the one place that touches lz4-java (an architecture test keeps it so).
 *
 * <p>Implementation notes (LZ4 frame format v1.6.x; docs/FORMAT.md, "Page frames"): frames are
 * written with the reference parameters of Go's pierrec/lz4 writer — magic {@code 04 22 4D 18}, FLG
 * {@code 0x64} (version 1, independent blocks, content checksum), BD {@code 0x40} (64 KiB blocks),
 * HC {@code 0xA7}, one data block (stored raw with bit 31 when compression does not shrink the
 * page), end mark, xxHash32 content checksum. The reader accepts any valid frame: content size,
 * dictionary-less linked or independent blocks, block checksums, several blocks, stored blocks.
 */
public final class Lz4 {

  static final int FRAME_MAGIC = 0x184D2204;
  static final byte[] FRAME_HEADER = {0x04, 0x22, 0x4D, 0x18, 0x64, 0x40, (byte) 0xA7};

  /** Frame bytes besides the block payload: header, block size, end mark, content checksum. */
  static final int FRAME_OVERHEAD = FRAME_HEADER.length + 4 + 4 + 4;

  private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
  private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();
  private static final XXHash32 XXH32 = XXHashFactory.fastestInstance().hash32();

  static final PageCompressor COMPRESSOR =
      new PageCompressor() {
        private final LZ4Compressor fast = LZ4.fastCompressor();

        @Override
        public int maxCompressedLength(int length) {
          return fast.maxCompressedLength(length);
        }

        @Override
        public int compress(byte[] src, int srcOff, int length, byte[] dst, int dstOff) {
          return fast.compress(src, srcOff, length, dst, dstOff, dst.length - dstOff);
        }
      };

  private Lz4() {}

  /**
   * Decodes a stream of LZ4 frames (Litestream v0.3 snapshots and WAL segments). The returned
   * stream closes {@code in}.
   */
  public static InputStream decodingStream(InputStream in) throws IOException {
    return new LZ4FrameInputStream(in);
  }

  static int xxh32(byte[] b, int off, int len) {
    return XXH32.hash(b, off, len, 0);
  }

  /**
   * Writes one LZ4 frame holding {@code block} (the compressed page) into {@code dst} at {@code
   * off}, or the raw page as a stored block when the compressed form is not smaller.
   */
  static int writeFrame(
      byte[] page, int pageOff, int pageSize, byte[] block, int blockLen, byte[] dst, int off) {
    System.arraycopy(FRAME_HEADER, 0, dst, off, FRAME_HEADER.length);
    int p = off + FRAME_HEADER.length;
    if (blockLen < pageSize) {
      Bytes.putLe32(dst, p, blockLen);
      System.arraycopy(block, 0, dst, p + 4, blockLen);
      p += 4 + blockLen;
    } else {
      Bytes.putLe32(dst, p, pageSize | 0x80000000);
      System.arraycopy(page, pageOff, dst, p + 4, pageSize);
      p += 4 + pageSize;
    }
    Bytes.putLe32(dst, p, 0);
    Bytes.putLe32(dst, p + 4, xxh32(page, pageOff, pageSize));
    return p + 8 - off;
  }

  /**
   * Decompresses one raw LZ4 block that must yield exactly {@code pageSize} bytes.
   *
   * @throws LtxFormatException when the block is corrupt or yields another length
   */
  static void decompressBlock(byte[] src, int len, byte[] page, int pageSize, int pgno)
      throws LtxFormatException {
    int n;
    try {
      n = DECOMPRESSOR.decompress(src, 0, len, page, 0, pageSize);
    } catch (LZ4Exception e) {
      throw new LtxFormatException("corrupt lz4 block on page " + pgno + ": " + e.getMessage(), e);
    }
    if (n != pageSize) {
      throw new LtxFormatException(
          "lz4 block on page " + pgno + " decodes to " + n + " bytes, page size is " + pageSize);
    }
  }

  /** Reads one LZ4 frame that must hold exactly {@code pageSize} bytes into {@code page}. */
  static void readFrame(LtxInput in, byte[] page, int pageSize, byte[] scratch, int pgno)
      throws IOException {
    String where = "lz4 frame of page " + pgno;
    byte[] hdr = new byte[19];
    in.readFully(hdr, 0, 6, where);
    if (Bytes.le32(hdr, 0) != FRAME_MAGIC) {
      throw new LtxFormatException(
          where + ": bad magic " + String.format("0x%08x", Bytes.le32(hdr, 0)));
    }
    int flg = hdr[4] & 0xFF;
    int bd = hdr[5] & 0xFF;
    if ((flg >>> 6) != 1 || (flg & 0x02) != 0 || (bd & 0x8F) != 0 || ((bd >>> 4) & 7) < 4) {
      throw new LtxFormatException(
          where + ": unsupported descriptor FLG " + String.format("0x%02x BD 0x%02x", flg, bd));
    }
    if ((flg & 0x01) != 0) {
      throw new LtxFormatException(where + ": dictionary id not supported");
    }
    boolean independent = (flg & 0x20) != 0;
    boolean blockChecksum = (flg & 0x10) != 0;
    boolean contentSize = (flg & 0x08) != 0;
    boolean contentChecksum = (flg & 0x04) != 0;
    int maxBlock = 1 << (8 + 2 * ((bd >>> 4) & 7));
    int descEnd = 6;
    if (contentSize) {
      in.readFully(hdr, descEnd, 8, where);
      long size =
          Bytes.le32(hdr, descEnd) & 0xFFFFFFFFL | (long) Bytes.le32(hdr, descEnd + 4) << 32;
      if (size != pageSize) {
        throw new LtxFormatException(where + ": content size " + size + " is not the page size");
      }
      descEnd += 8;
    }
    int hc = in.readByte(where);
    int expectedHc = (xxh32(hdr, 4, descEnd - 4) >>> 8) & 0xFF;
    if (hc != expectedHc) {
      throw new LtxFormatException(where + ": header checksum mismatch");
    }
    int pos = 0;
    byte[] word = new byte[4];
    while (true) {
      in.readFully(word, 0, 4, where);
      int raw = Bytes.le32(word, 0);
      if (raw == 0) {
        break;
      }
      boolean stored = raw < 0;
      int size = raw & 0x7FFFFFFF;
      if (size > maxBlock || size > scratch.length) {
        throw new LtxFormatException(where + ": block size " + size + " exceeds the maximum");
      }
      in.readFully(scratch, 0, size, where);
      if (blockChecksum) {
        in.readFully(word, 0, 4, where);
        if (Bytes.le32(word, 0) != xxh32(scratch, 0, size)) {
          throw new LtxFormatException(where + ": block checksum mismatch");
        }
      }
      pos += decodeFrameBlock(scratch, size, stored, page, pos, pageSize, independent, where);
    }
    if (pos != pageSize) {
      throw new LtxFormatException(
          where + ": frame holds " + pos + " bytes, page size is " + pageSize);
    }
    if (contentChecksum) {
      in.readFully(word, 0, 4, where);
      if (Bytes.le32(word, 0) != xxh32(page, 0, pageSize)) {
        throw new LtxFormatException(where + ": content checksum mismatch");
      }
    }
  }

  private static int decodeFrameBlock(
      byte[] src,
      int size,
      boolean stored,
      byte[] page,
      int pos,
      int pageSize,
      boolean independent,
      String where)
      throws LtxFormatException {
    if (stored) {
      if (pos + size > pageSize) {
        throw new LtxFormatException(where + ": frame holds more than the page size");
      }
      System.arraycopy(src, 0, page, pos, size);
      return size;
    }
    if (!independent && pos > 0) {
      // A linked block may copy from the previous block; lz4-java cannot decode with a prefix.
      throw new LtxFormatException(where + ": linked lz4 blocks within one page not supported");
    }
    try {
      return DECOMPRESSOR.decompress(src, 0, size, page, pos, pageSize - pos);
    } catch (LZ4Exception e) {
      throw new LtxFormatException(where + ": corrupt lz4 block: " + e.getMessage(), e);
    }
  }
}
