package dev.sqliterest.ltx;

/**
 * Produces the raw LZ4 block for one page; the encoder wraps it as a frame or a sized block. Any
 * conforming LZ4 block compressor is valid: file checksums cover uncompressed data only.
 */
public interface PageCompressor {

  /** Upper bound of {@link #compress} output for {@code length} input bytes. */
  int maxCompressedLength(int length);

  /**
   * Compresses {@code length} bytes of {@code src} from {@code srcOff} as one LZ4 block into {@code
   * dst} at {@code dstOff}; returns the block's length.
   */
  int compress(byte[] src, int srcOff, int length, byte[] dst, int dstOff);

  /** lz4-java's fastest available block compressor (JNI when loadable). */
  static PageCompressor lz4() {
    return Lz4.COMPRESSOR;
  }
}
