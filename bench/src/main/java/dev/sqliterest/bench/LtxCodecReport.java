package dev.sqliterest.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
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

  /** Rows of the report: a benchmark and the same-run baseline its ratio is taken against. */
  private static final String[][] ROWS = {
    {"LtxEncodeBench.encodeFrame", "LtxEncodeBench.baselineLz4Compress"},
    {"LtxEncodeBench.encodeBlock", "LtxEncodeBench.baselineLz4Compress"},
    {"LtxEncodeBench.baselineLz4Compress", "LtxEncodeBench.baselineLz4Compress"},
    {"LtxDecodeBench.decodeFrame", "LtxDecodeBench.baselineLz4Decompress"},
    {"LtxDecodeBench.decodeBlock", "LtxDecodeBench.baselineLz4Decompress"},
    {"LtxDecodeBench.decodeFrameFromFile", "LtxDecodeBench.baselineFileRead"},
    {"LtxDecodeBench.baselineLz4Decompress", "LtxDecodeBench.baselineLz4Decompress"},
    {"LtxDecodeBench.baselineFileRead", "LtxDecodeBench.baselineFileRead"},
    {"Crc64Bench.crc64", "Crc64Bench.crc64SingleChain"},
    {"Crc64Bench.crc64", "Crc64Bench.jdkCrc32c"},
    {"Crc64Bench.crc64SingleChain", "Crc64Bench.crc64Bytewise"},
    {"Crc64Bench.crc64Bytewise", "Crc64Bench.crc64Bytewise"},
    {"Crc64Bench.jdkCrc32c", "Crc64Bench.jdkCrc32c"},
  };

  private LtxCodecReport() {}

  public static void main(String[] args) throws RunnerException {
    Collection<RunResult> results =
        BenchRuns.run(
            "LtxEncodeBench|LtxDecodeBench|Crc64Bench", TimeValue.seconds(1), TimeValue.seconds(1));
    Map<String, Double> mbs = new HashMap<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      label = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
      mbs.put(label, r.getPrimaryResult().getScore() * MB_PER_OP);
    }
    System.out.println();
    System.out.println("| benchmark (1 MiB per op) | MB/s | baseline | ratio |");
    System.out.println("|---|---:|---|---:|");
    for (String[] row : ROWS) {
      Double v = mbs.get(row[0]);
      Double base = mbs.get(row[1]);
      if (v == null || base == null) {
        continue;
      }
      System.out.printf(
          "| %s | %.0f | %s | %.2f |%n",
          row[0], v, row[1].substring(row[1].indexOf('.') + 1), v / base);
    }
  }
}
