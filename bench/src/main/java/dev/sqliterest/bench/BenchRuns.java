package dev.sqliterest.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** How the report mains run their benchmarks: one fork, two warm-up and three measured rounds. */
final class BenchRuns {

  private BenchRuns() {}

  /**
   * Runs the benchmarks matching {@code include}, warming up {@code warmup} and measuring {@code
   * measure} per round.
   */
  static Collection<RunResult> run(String include, TimeValue warmup, TimeValue measure)
      throws RunnerException {
    return new Runner(
            new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(2)
                .warmupTime(warmup)
                .measurementIterations(3)
                .measurementTime(measure)
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED")
                .build())
        .run();
  }
}
