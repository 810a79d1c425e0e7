package dev.sqliterest.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;

/**
 * A counter family registered through {@link Metrics#counter}, for components outside this package
 * (e.g. a replication event listener) that must not import the metrics library.
 */
public final class LabeledCounter {

  private final Counter counter;

  LabeledCounter(Counter counter) {
    this.counter = counter;
  }

  /** Adds one to the series with these label values (in the order the label names were given). */
  public void inc(String... labelValues) {
    inc(1, labelValues);
  }

  public void inc(double amount, String... labelValues) {
    if (labelValues.length == 0) {
      counter.inc(amount);
    } else {
      counter.labelValues(labelValues).inc(amount);
    }
  }
}
