package dev.sqliterest.ltx;

import java.io.IOException;
import java.io.InputStream;

/** An input stream that counts bytes and turns a premature end into a precise format error. */
final class LtxInput {

  private final InputStream in;
  private long offset;

  LtxInput(InputStream in) {
    this.in = in;
  }

  /** Bytes consumed so far. */
  long offset() {
    return offset;
  }

  void readFully(byte[] b, int off, int len, String what) throws IOException {
    int n = in.readNBytes(b, off, len);
    offset += n;
    if (n < len) {
      throw new LtxFormatException(
          "truncated ltx file: unexpected end of file reading "
              + what
              + " at offset "
              + (offset - n)
              + " ("
              + n
              + " of "
              + len
              + " bytes)");
    }
  }

  int readByte(String what) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new LtxFormatException(
          "truncated ltx file: unexpected end of file reading " + what + " at offset " + offset);
    }
    offset++;
    return b;
  }

  /** Whether the stream has no more bytes. */
  boolean atEnd() throws IOException {
    int b = in.read();
    if (b < 0) {
      return true;
    }
    offset++;
    return false;
  }
}
