package dev.sqliterest.replication.client.s3;

import java.io.IOException;
import java.io.InputStream;

/**
 * A ranged S3 object stream that survives a dropped connection: when a read fails or the stream
 * ends before the expected length, it reopens the object at the current offset (Range GET) and
 * carries on, up to {@link #MAX_REOPENS} times — as Litestream does for long restores.
 */
final class ResumingInputStream extends InputStream {

  static final int MAX_REOPENS = 3;

  /** Opens the object from an absolute offset; returns the stream and its length. */
  @FunctionalInterface
  interface Opener {
    Opened open(long offset) throws IOException;
  }

  /** An opened range: the stream and how many bytes it should deliver. */
  record Opened(InputStream stream, long length) {}

  private final Opener opener;
  private final long end;
  private long position;
  private InputStream current;
  private int reopens;

  ResumingInputStream(Opener opener, long offset) throws IOException {
    this.opener = opener;
    this.position = offset;
    Opened first = opener.open(offset);
    this.current = first.stream();
    this.end = offset + first.length();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (position >= end) {
        return -1;
      }
      IOException failure;
      try {
        int n = current.read(b, off, (int) Math.min(len, end - position));
        if (n > 0) {
          position += n;
          return n;
        }
        failure = new IOException("stream ended at byte " + position + " of " + end);
      } catch (IOException e) {
        failure = e;
      }
      reopen(failure);
    }
  }

  private void reopen(IOException cause) throws IOException {
    if (++reopens > MAX_REOPENS) {
      throw new IOException(
          "read failed after " + MAX_REOPENS + " reopens: " + cause.getMessage(), cause);
    }
    try {
      current.close();
    } catch (IOException e) {
      // the broken stream is being replaced; keep its close error next to the read error
      cause.addSuppressed(e);
    }
    current = opener.open(position).stream();
  }

  @Override
  public void close() throws IOException {
    current.close();
  }
}
