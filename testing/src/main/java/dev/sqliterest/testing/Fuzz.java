package dev.sqliterest.testing;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Seeded random fuzzing inside the normal test run. A target gets a fresh {@link Random} per
 * execution and throws (an {@link AssertionError} or anything else) when a property fails; the
 * failure names the seed that replays it.
 *
 * <p>Budget: by default each target runs its own number of executions with a fixed seed, so {@code
 * ./mvnw verify} feeds the same inputs every time. {@code -Dsqliterest.fuzz.seconds=N} runs each
 * target for N seconds from a fresh seed instead (the long run, {@code .ci/run --long-fuzz}).
 * {@code -Dsqliterest.fuzz.seed=S} fixes the seed of a run; {@code -Dsqliterest.fuzz.case=C}
 * replays the one execution whose case seed a failure printed. An execution that runs longer than
 * {@link #STUCK} fails the test as stuck (an endless loop), naming its case seed.
 */
public final class Fuzz {

  /** One execution: generate an input from {@code random}, feed it, check the properties. */
  @FunctionalInterface
  public interface Target {
    void run(Random random) throws Exception;
  }

  /** How long one execution may run before it counts as an endless loop. */
  public static final Duration STUCK = Duration.ofSeconds(20);

  private static final long DEFAULT_SEED = 0x5EEDL;

  private Fuzz() {}

  /**
   * Runs {@code target} for its budget; returns the number of executions.
   *
   * @param name what is fuzzed, for the report line and failures
   * @param executions executions of the default (short, fixed-seed) run
   */
  public static long run(String name, int executions, Target target) throws InterruptedException {
    String replay = System.getProperty("sqliterest.fuzz.case");
    if (replay != null) {
      runCase(name, Long.parseLong(replay), target);
      return 1;
    }
    String seconds = System.getProperty("sqliterest.fuzz.seconds");
    String fixed = System.getProperty("sqliterest.fuzz.seed");
    long seed =
        fixed != null ? Long.parseLong(fixed) : seconds != null ? System.nanoTime() : DEFAULT_SEED;
    long limit = seconds == null ? executions : Long.MAX_VALUE;
    long budgetNanos =
        seconds == null ? Long.MAX_VALUE : Duration.ofSeconds(Long.parseLong(seconds)).toNanos();

    AtomicLong done = new AtomicLong();
    AtomicLong caseStarted = new AtomicLong(System.nanoTime());
    AtomicLong currentCase = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    Thread worker =
        Thread.ofPlatform()
            .name("fuzz-" + name)
            .daemon(true)
            .start(
                () -> {
                  for (long i = 0; i < limit && System.nanoTime() - start < budgetNanos; i++) {
                    long caseSeed = caseSeed(seed, i);
                    currentCase.set(caseSeed);
                    caseStarted.set(System.nanoTime());
                    try {
                      target.run(new Random(caseSeed));
                    } catch (Throwable t) {
                      failure.set(failed(name, seed, caseSeed, t));
                      return;
                    }
                    done.incrementAndGet();
                  }
                });
    while (worker.isAlive()) {
      worker.join(200);
      if (worker.isAlive() && System.nanoTime() - caseStarted.get() > STUCK.toNanos()) {
        throw new AssertionError(
            "fuzz "
                + name
                + ": one execution ran longer than "
                + STUCK.toSeconds()
                + " s (endless loop?); replay with -Dsqliterest.fuzz.case="
                + currentCase.get());
      }
    }
    if (failure.get() != null) {
      throw (AssertionError) failure.get();
    }
    System.out.printf(
        "fuzz %s: %d executions in %.1f s (seed %d)%n",
        name, done.get(), (System.nanoTime() - start) / 1e9, seed);
    return done.get();
  }

  private static void runCase(String name, long caseSeed, Target target) {
    try {
      target.run(new Random(caseSeed));
    } catch (Throwable t) {
      throw failed(name, 0, caseSeed, t);
    }
  }

  private static AssertionError failed(String name, long seed, long caseSeed, Throwable t) {
    return new AssertionError(
        "fuzz "
            + name
            + " failed (run seed "
            + seed
            + "); replay with -Dsqliterest.fuzz.case="
            + caseSeed
            + ": "
            + t,
        t);
  }

  private static long caseSeed(long seed, long i) {
    long z = seed + (i + 1) * 0x9E3779B97F4A7C15L; // SplitMix64: well spread per execution
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
