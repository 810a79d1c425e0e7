package dev.sqliterest.ltx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.Checksum;

/**
 * A streaming CRC-64/GO-ISO checksum, the one Go's {@code hash/crc64} computes with the {@code ISO}
 * table and LTX uses for file and page checksums (docs/FORMAT.md, "Trailer and checksums").
 *
 * <p>Implementation notes: reflected polynomial {@code 0xD800000000000000}, initial value and final
 * xor all ones ({@code "123456789"} gives {@code 0xB90956C775A41001}). The update loop is
 * slicing-by-8: eight 256-entry tables in one flat array (one base register instead of eight), one
 * 64-bit little-endian load per 8 input bytes. Inputs of 4 KiB and more run as four interleaved 1
 * KiB lanes; lanes 1–3 start from register 0 and, the register update being linear over GF(2),
 * {@code crc(A||B) = shift(crc(A)) ^ crc0(B)}, where {@code shift} (feeding 1 KiB of zero bytes) is
 * precomputed as a byte-sliced table. Four dependency chains instead of one and the flat table each
 * measured faster in the bench module's {@code Crc64Bench}, which compares this class with a
 * single-chain loop, the byte-at-a-time loop and the JDK's CRC32C. Hashing pieces one after another
 * equals hashing their concatenation.
 */
public final class Crc64 implements Checksum {

  /** The reflected form of the ISO polynomial x^64 + x^4 + x^3 + x + 1. */
  static final long POLY_REFLECTED = 0xD800000000000000L;

  /** Slicing tables, flat: entry {@code k * 256 + b} = byte b followed by k zero bytes. */
  private static final long[] T = buildTables();

  private static final int LANE = 1024;

  /** The map "feed LANE zero bytes", flat like {@link #T}: entry {@code k * 256 + b}. */
  private static final long[] SHIFT_LANE = buildShiftTables(LANE);

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The running register, kept inverted (so the initial value is all ones). */
  private long crc = ~0L;

  /** The checksum of a whole array. */
  public static long of(byte[] data) {
    return of(data, 0, data.length);
  }

  /** The checksum of {@code len} bytes of {@code data} from {@code off}. */
  public static long of(byte[] data, int off, int len) {
    Crc64 c = new Crc64();
    c.update(data, off, len);
    return c.getValue();
  }

  @Override
  public void update(int b) {
    crc = T[(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
  }

  @Override
  public void update(byte[] b, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    long c = crc;
    int i = off;
    int end = off + len;
    for (; i + 4 * LANE <= end; i += 4 * LANE) {
      c = fourLanes(c, b, i);
    }
    for (; i + 8 <= end; i += 8) {
      c = slice8(c ^ (long) LONG_LE.get(b, i));
    }
    long[] t = T;
    for (; i < end; i++) {
      c = t[(int) ((c ^ b[i]) & 0xFF)] ^ (c >>> 8);
    }
    crc = c;
  }

  /**
   * Hashes 4 × {@link #LANE} bytes from {@code off} as four interleaved lanes, then combines. The
   * loop body spells out {@link #byteMap} for each lane: a restore runs C1 only, and C1 does not
   * inline a method that large (35 bytecodes at most), so a call per 8 bytes and lane made the CRC
   * a fifth slower there (docs/PERFORMANCE.md, Restore); C2 compiles both forms alike.
   */
  private static long fourLanes(long c0, byte[] b, int off) {
    long[] t = T;
    long c1 = 0;
    long c2 = 0;
    long c3 = 0;
    for (int i = off, end = off + LANE; i < end; i += 8) {
      long v0 = c0 ^ (long) LONG_LE.get(b, i);
      long v1 = c1 ^ (long) LONG_LE.get(b, i + LANE);
      long v2 = c2 ^ (long) LONG_LE.get(b, i + 2 * LANE);
      long v3 = c3 ^ (long) LONG_LE.get(b, i + 3 * LANE);
      c0 =
          t[(int) (v0 >>> 56)]
              ^ t[256 + (int) ((v0 >>> 48) & 0xFF)]
              ^ t[512 + (int) ((v0 >>> 40) & 0xFF)]
              ^ t[768 + (int) ((v0 >>> 32) & 0xFF)]
              ^ t[1024 + (int) ((v0 >>> 24) & 0xFF)]
              ^ t[1280 + (int) ((v0 >>> 16) & 0xFF)]
              ^ t[1536 + (int) ((v0 >>> 8) & 0xFF)]
              ^ t[1792 + (int) (v0 & 0xFF)];
      c1 =
          t[(int) (v1 >>> 56)]
              ^ t[256 + (int) ((v1 >>> 48) & 0xFF)]
              ^ t[512 + (int) ((v1 >>> 40) & 0xFF)]
              ^ t[768 + (int) ((v1 >>> 32) & 0xFF)]
              ^ t[1024 + (int) ((v1 >>> 24) & 0xFF)]
              ^ t[1280 + (int) ((v1 >>> 16) & 0xFF)]
              ^ t[1536 + (int) ((v1 >>> 8) & 0xFF)]
              ^ t[1792 + (int) (v1 & 0xFF)];
      c2 =
          t[(int) (v2 >>> 56)]
              ^ t[256 + (int) ((v2 >>> 48) & 0xFF)]
              ^ t[512 + (int) ((v2 >>> 40) & 0xFF)]
              ^ t[768 + (int) ((v2 >>> 32) & 0xFF)]
              ^ t[1024 + (int) ((v2 >>> 24) & 0xFF)]
              ^ t[1280 + (int) ((v2 >>> 16) & 0xFF)]
              ^ t[1536 + (int) ((v2 >>> 8) & 0xFF)]
              ^ t[1792 + (int) (v2 & 0xFF)];
      c3 =
          t[(int) (v3 >>> 56)]
              ^ t[256 + (int) ((v3 >>> 48) & 0xFF)]
              ^ t[512 + (int) ((v3 >>> 40) & 0xFF)]
              ^ t[768 + (int) ((v3 >>> 32) & 0xFF)]
              ^ t[1024 + (int) ((v3 >>> 24) & 0xFF)]
              ^ t[1280 + (int) ((v3 >>> 16) & 0xFF)]
              ^ t[1536 + (int) ((v3 >>> 8) & 0xFF)]
              ^ t[1792 + (int) (v3 & 0xFF)];
    }
    return byteMap(SHIFT_LANE, byteMap(SHIFT_LANE, byteMap(SHIFT_LANE, c0) ^ c1) ^ c2) ^ c3;
  }

  /** Advances the register over 8 bytes already XOR'ed into it (slicing-by-8). */
  private static long slice8(long v) {
    return byteMap(T, v);
  }

  /**
   * Applies a byte-sliced linear map: the XOR over k of {@code t[k * 256 + b_k]}, where {@code b_k}
   * is the byte of {@code v} at bit 56 − 8k (k = 0 is the most significant byte).
   */
  private static long byteMap(long[] t, long v) {
    return t[(int) (v >>> 56)]
        ^ t[256 + (int) ((v >>> 48) & 0xFF)]
        ^ t[512 + (int) ((v >>> 40) & 0xFF)]
        ^ t[768 + (int) ((v >>> 32) & 0xFF)]
        ^ t[1024 + (int) ((v >>> 24) & 0xFF)]
        ^ t[1280 + (int) ((v >>> 16) & 0xFF)]
        ^ t[1536 + (int) ((v >>> 8) & 0xFF)]
        ^ t[1792 + (int) (v & 0xFF)];
  }

  /** Adds a big-endian u64, as LTX stores its 8-byte fields. */
  public void updateLong(long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      update((int) (v >>> shift));
    }
  }

  @Override
  public long getValue() {
    return ~crc;
  }

  @Override
  public void reset() {
    crc = ~0L;
  }

  /**
   * The linear map "feed {@code zeros} zero bytes" as a flat table for {@link #byteMap}: images of
   * the 64 single-bit registers, then every byte value as the XOR of its bits' images.
   */
  private static long[] buildShiftTables(int zeros) {
    long[] basis = new long[64];
    for (int bit = 0; bit < 64; bit++) {
      long r = 1L << bit;
      for (int i = 0; i < zeros; i++) {
        r = T[(int) (r & 0xFF)] ^ (r >>> 8);
      }
      basis[bit] = r;
    }
    long[] s = new long[8 * 256];
    for (int k = 0; k < 8; k++) {
      int firstBit = 56 - 8 * k; // byteMap's slot k holds the byte at bit 56 - 8k
      for (int v = 1; v < 256; v++) {
        int low = Integer.numberOfTrailingZeros(v);
        s[k * 256 + v] = s[k * 256 + (v & (v - 1))] ^ basis[firstBit + low];
      }
    }
    return s;
  }

  private static long[] buildTables() {
    long[] t = new long[8 * 256];
    for (int i = 0; i < 256; i++) {
      long c = i;
      for (int bit = 0; bit < 8; bit++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
      }
      t[i] = c;
    }
    for (int k = 1; k < 8; k++) {
      for (int i = 0; i < 256; i++) {
        long prev = t[(k - 1) * 256 + i];
        t[k * 256 + i] = t[(int) (prev & 0xFF)] ^ (prev >>> 8);
      }
    }
    return t;
  }
}
