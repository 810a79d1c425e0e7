package dev.sqliterest.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link WalScanBench} (1 fork, 2 × 1 s warm-up, 3 × 1 s measurement) and prints MB/s of the
 * WAL scan and of the same-run file-read baseline, with their ratio, for docs/PERFORMANCE.md.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.sqliterest.bench.WalScanReport}
 */
public final class WalScanReport {

  private WalScanReport() {}

  public static void main(String[] args) throws RunnerException {
    Collection<RunResult> results =
        BenchRuns.run("WalScanBench", TimeValue.seconds(1), TimeValue.seconds(1));
    double scan = 0;
    double read = 0;
    double ops = 0;
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      double score = r.getPrimaryResult().getScore();
      if (name.endsWith(".scan")) {
        scan = score;
      } else if (name.endsWith(".baselineFileRead")) {
        read = score;
      }
      ops = Integer.parseInt(r.getParams().getParam("walMiB")) * (double) (1 << 20) / 1e6;
    }
    System.out.println();
    System.out.println("| benchmark | MB/s | baseline | ratio |");
    System.out.println("|---|---:|---|---:|");
    System.out.printf(
        "| WalScanBench.scan | %.0f | baselineFileRead | %.2f |%n", scan * ops, scan / read);
    System.out.printf(
        "| WalScanBench.baselineFileRead | %.0f | baselineFileRead | 1.00 |%n", read * ops);
  }
}
