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
 * CRC-64/GO-ISO over 1 MiB (one op), slicing-by-8 as shipped, against the one-table byte-at-a-time
 * loop (what slicing replaced) and the JDK's intrinsic CRC32C (the hardware-speed baseline).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar Crc64Bench -f1 -wi 2 -i 3 -w 1 -r 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Crc64Bench {

  private static final long[] TABLE = table();

  private byte[] data;

  @Setup
  public void setup() {
    data = new byte[1 << 20];
    new Random(1).nextBytes(data);
  }

  @Benchmark
  public long crc64SlicingBy8() {
    return Crc64.of(data);
  }

  /** Baseline: the byte-at-a-time table loop of spec §1.6. */
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

  private static long[] table() {
    long[] t = new long[256];
    for (int i = 0; i < 256; i++) {
      long c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ 0xD800000000000000L : c >>> 1;
      }
      t[i] = c;
    }
    return t;
  }
}
