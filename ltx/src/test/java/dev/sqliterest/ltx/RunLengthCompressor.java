package dev.sqliterest.ltx;

/**
 * The hand-made LZ4 block of the golden vectors (docs/FORMAT.md, "Test vectors") for a page of one
 * repeated byte: one literal, one offset-1 match, five final literals. Lets tests reproduce the
 * golden vectors byte for byte.
 */
final class RunLengthCompressor implements PageCompressor {

  @Override
  public int maxCompressedLength(int length) {
    return 16 + length / 255;
  }

  @Override
  public int compress(byte[] src, int srcOff, int length, byte[] dst, int dstOff) {
    byte b = src[srcOff];
    for (int i = 1; i < length; i++) {
      if (src[srcOff + i] != b) {
        throw new IllegalArgumentException("page is not one repeated byte");
      }
    }
    int p = dstOff;
    dst[p++] = 0x1F;
    dst[p++] = b;
    dst[p++] = 0x01;
    dst[p++] = 0x00;
    int ext = length - 25;
    for (; ext >= 255; ext -= 255) {
      dst[p++] = (byte) 0xFF;
    }
    dst[p++] = (byte) ext;
    dst[p++] = 0x50;
    for (int i = 0; i < 5; i++) {
      dst[p++] = b;
    }
    return p - dstOff;
  }
}
