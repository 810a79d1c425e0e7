package dev.sqliterest.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the LTX codec benchmarks (short: 1 fork, 2 × 1 s warm-up, 3 × 1 s measurement) and prints a
 * Markdown table of MB/s with each result's ratio to its same-run baseline, for
 * docs/PERFORMANCE.md.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.sqliterest.bench.LtxCodecReport}
 */
public final class LtxCodecReport {

  /** Every benchmark processes 1 MiB per op. */
  private static final double MB_PER_OP = (1 << 20) / 1e6;

  private static final Map<String, String> BASELINE = new LinkedHashMap<>();

  static {
    BASELINE.put("LtxEncodeBench.encodeFrame", "LtxEncodeBench.baselineLz4Compress");
    BASELINE.put("LtxEncodeBench.encodeBlock", "LtxEncodeBench.baselineLz4Compress");
    BASELINE.put("LtxEncodeBench.baselineLz4Compress", "LtxEncodeBench.baselineLz4Compress");
    BASELINE.put("LtxDecodeBench.decodeFrame", "LtxDecodeBench.baselineLz4Decompress");
    BASELINE.put("LtxDecodeBench.decodeBlock", "LtxDecodeBench.baselineLz4Decompress");
    BASELINE.put("LtxDecodeBench.decodeFrameFromFile", "LtxDecodeBench.baselineFileRead");
    BASELINE.put("LtxDecodeBench.baselineLz4Decompress", "LtxDecodeBench.baselineLz4Decompress");
    BASELINE.put("LtxDecodeBench.baselineFileRead", "LtxDecodeBench.baselineFileRead");
    BASELINE.put("Crc64Bench.crc64SlicingBy8", "Crc64Bench.jdkCrc32c");
    BASELINE.put("Crc64Bench.crc64Bytewise", "Crc64Bench.jdkCrc32c");
    BASELINE.put("Crc64Bench.jdkCrc32c", "Crc64Bench.jdkCrc32c");
  }

  private LtxCodecReport() {}

  public static void main(String[] args) throws RunnerException {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include("LtxEncodeBench|LtxDecodeBench|Crc64Bench")
                    .forks(1)
                    .warmupIterations(2)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3)
                    .measurementTime(TimeValue.seconds(1))
                    .jvmArgsAppend("--enable-native-access=ALL-UNNAMED")
                    .build())
            .run();
    Map<String, Double> mbs = new LinkedHashMap<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      label = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
      mbs.put(label, r.getPrimaryResult().getScore() * MB_PER_OP);
    }
    System.out.println();
    System.out.println("| benchmark (1 MiB per op) | MB/s | baseline | ratio |");
    System.out.println("|---|---:|---|---:|");
    for (var e : BASELINE.entrySet()) {
      Double v = mbs.get(e.getKey());
      Double base = mbs.get(e.getValue());
      if (v == null || base == null) {
        continue;
      }
      System.out.printf(
          "| %s | %.0f | %s | %.2f |%n",
          e.getKey(), v, e.getValue().substring(e.getValue().indexOf('.') + 1), v / base);
    }
  }
}
