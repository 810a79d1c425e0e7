package dev.sqliterest.replication.client;

import java.nio.ByteBuffer;
import java.util.Random;

/** Test bytes that start with a valid-looking LTX header (what replica clients peek at). */
public final class LtxBytes {

  private LtxBytes() {}

  /**
   * A header for {@code min..max} at {@code timestampMillis} followed by {@code bodySize} bytes.
   */
  public static byte[] of(long min, long max, long timestampMillis, int bodySize) {
    ByteBuffer b = ByteBuffer.allocate(LtxHeaderPeek.HEADER_SIZE + bodySize);
    b.putInt(0x4c545831).putInt(2).putInt(4096).putInt(1);
    b.putLong(min).putLong(max).putLong(timestampMillis);
    byte[] body = new byte[bodySize];
    new Random(min * 31 + max).nextBytes(body);
    b.position(LtxHeaderPeek.HEADER_SIZE);
    b.put(body);
    return b.array();
  }
}
