package dev.sqliterest.replication.wal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The running checksum of a WAL: two 32-bit words carried from the header through every frame.
 *
 * <p>Implementation notes (SQLite {@code wal.c} walChecksumBytes,
 * https://sqlite.org/fileformat2.html#wal_file_format): the input is consumed as pairs of 32-bit
 * words (x, y) in the byte order chosen by the WAL magic (bit 0 set = big-endian), and each pair
 * updates {@code s1 += x + s2; s2 += y + s1} with 32-bit wrap-around. The header checksum covers
 * header bytes 0..23 from (0, 0); each frame's checksum continues from the previous frame (or the
 * header) over frame-header bytes 0..7 and then the page.
 *
 * @param s1 the first checksum word
 * @param s2 the second checksum word
 */
public record WalChecksum(int s1, int s2) {

  /** The seed of the header checksum. */
  public static final WalChecksum ZERO = new WalChecksum(0, 0);

  private static final VarHandle BIG =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LITTLE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Continues this checksum over {@code length} bytes of {@code data} from {@code offset}.
   *
   * @throws IllegalArgumentException if {@code length} is not a multiple of 8
   */
  public WalChecksum update(boolean bigEndian, byte[] data, int offset, int length) {
    if ((length & 7) != 0) {
      throw new IllegalArgumentException(
          "wal checksum input must be a multiple of 8 bytes, got " + length);
    }
    int a = s1;
    int b = s2;
    int end = offset + length;
    if (bigEndian) {
      for (int i = offset; i < end; i += 8) {
        a += (int) BIG.get(data, i) + b;
        b += (int) BIG.get(data, i + 4) + a;
      }
    } else {
      for (int i = offset; i < end; i += 8) {
        a += (int) LITTLE.get(data, i) + b;
        b += (int) LITTLE.get(data, i + 4) + a;
      }
    }
    return new WalChecksum(a, b);
  }

  @Override
  public String toString() {
    return String.format("%08x/%08x", s1, s2);
  }
}
