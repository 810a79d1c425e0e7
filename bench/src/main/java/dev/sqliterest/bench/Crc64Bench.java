package dev.sqliterest.bench;

import dev.sqliterest.ltx.Crc64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CRC-64/GO-ISO over 1 MiB (one op) as shipped ({@code Crc64}: four interleaved slicing-by-8
 * lanes), against three baselines in the same run: a single-chain slicing-by-8 loop, the one-table
 * byte-at-a-time loop, and the JDK's intrinsic CRC32C (the hardware-speed reference).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar Crc64Bench -f1 -wi 2 -i 3 -w 1 -r 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Crc64Bench {

  private static final long[][] SLICES = slices();
  private static final long[] TABLE = SLICES[0];
  private static final java.lang.invoke.VarHandle LONG_LE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private byte[] data;

  @Setup
  public void setup() {
    data = new byte[1 << 20];
    new Random(1).nextBytes(data);
  }

  @Benchmark
  public long crc64() {
    return Crc64.of(data);
  }

  /** Baseline: one slicing-by-8 dependency chain over the whole input. */
  @Benchmark
  public long crc64SingleChain() {
    long[][] t = SLICES;
    long c = ~0L;
    for (int i = 0; i < data.length; i += 8) {
      long v = c ^ (long) LONG_LE.get(data, i);
      c =
          t[7][(int) (v & 0xFF)]
              ^ t[6][(int) ((v >>> 8) & 0xFF)]
              ^ t[5][(int) ((v >>> 16) & 0xFF)]
              ^ t[4][(int) ((v >>> 24) & 0xFF)]
              ^ t[3][(int) ((v >>> 32) & 0xFF)]
              ^ t[2][(int) ((v >>> 40) & 0xFF)]
              ^ t[1][(int) ((v >>> 48) & 0xFF)]
              ^ t[0][(int) (v >>> 56)];
    }
    return ~c;
  }

  /** Baseline: the byte-at-a-time table loop (docs/FORMAT.md, "Trailer and checksums"). */
  @Benchmark
  public long crc64Bytewise() {
    long crc = ~0L;
    for (byte b : data) {
      crc = TABLE[(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
    }
    return ~crc;
  }

  /** Baseline: the JDK's CRC32C (hardware-accelerated intrinsic). */
  @Benchmark
  public long jdkCrc32c() {
    CRC32C c = new CRC32C();
    c.update(data, 0, data.length);
    return c.getValue();
  }

  private static long[][] slices() {
    long[][] t = new long[8][256];
    for (int i = 0; i < 256; i++) {
      long c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ 0xD800000000000000L : c >>> 1;
      }
      t[0][i] = c;
    }
    for (int k = 1; k < 8; k++) {
      for (int i = 0; i < 256; i++) {
        t[k][i] = t[0][(int) (t[k - 1][i] & 0xFF)] ^ (t[k - 1][i] >>> 8);
      }
    }
    return t;
  }
}
