package dev.sqliterest.server.metrics;

import io.prometheus.metrics.core.metrics.Gauge;

/** A gauge family registered through {@link Metrics#gauge}; see {@link LabeledCounter}. */
public final class LabeledGauge {

  private final Gauge gauge;

  LabeledGauge(Gauge gauge) {
    this.gauge = gauge;
  }

  /** Sets the series with these label values (in the order the label names were given). */
  public void set(double value, String... labelValues) {
    if (labelValues.length == 0) {
      gauge.set(value);
    } else {
      gauge.labelValues(labelValues).set(value);
    }
  }

  public double get(String... labelValues) {
    return labelValues.length == 0 ? gauge.get() : gauge.labelValues(labelValues).get();
  }
}
