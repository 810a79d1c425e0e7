package dev.sqliterest.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link WriteApiBench} and {@link WriteApiBulkBench} (1 fork, 2 × 1 s warm-up, 3 × 2 s
 * measurement) and prints Markdown tables with each result's ratio to its same-run baseline, for
 * docs/PERFORMANCE.md.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.sqliterest.bench.WriteApiReport}
 */
public final class WriteApiReport {

  private WriteApiReport() {}

  public static void main(String[] args) throws RunnerException {
    Collection<RunResult> results =
        BenchRuns.run(
            "WriteApiBench|WriteApiBulkBench", TimeValue.seconds(1), TimeValue.seconds(2));
    Map<String, Double> score = new LinkedHashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      String sync = r.getParams().getParam("synchronous");
      score.put(sync == null ? name : name + "@" + sync, r.getPrimaryResult().getScore());
    }
    System.out.println();
    System.out.println(
        "| single-row write | synchronous | ops/s | vs Database.write | vs raw JDBC |");
    System.out.println("|---|---|---:|---:|---:|");
    for (String sync : new String[] {"NORMAL", "FULL"}) {
      double dbWrite = score.getOrDefault("baselineDatabaseWrite@" + sync, Double.NaN);
      double raw = score.getOrDefault("baselineRawJdbcAutocommit@" + sync, Double.NaN);
      for (String b :
          new String[] {
            "restPostOneRow",
            "restPostOneRow4Clients",
            "baselineDatabaseWrite",
            "baselineRawJdbcAutocommit"
          }) {
        Double v = score.get(b + "@" + sync);
        if (v != null) {
          System.out.printf("| %s | %s | %.0f | %.2f | %.2f |%n", b, sync, v, v / dbWrite, v / raw);
        }
      }
    }
    Double bulk = score.get("restPostBulk10k");
    Double rawBulk = score.get("baselineRawJdbcBatch10k");
    if (bulk != null && rawBulk != null) {
      System.out.println();
      System.out.println(
          "| 10,000-row insert (synchronous=NORMAL) | ms | ratio to raw JDBC batch |");
      System.out.println("|---|---:|---:|");
      System.out.printf("| restPostBulk10k | %.1f | %.2f |%n", bulk, bulk / rawBulk);
      System.out.printf("| baselineRawJdbcBatch10k | %.1f | 1.00 |%n", rawBulk);
    }
  }
}
