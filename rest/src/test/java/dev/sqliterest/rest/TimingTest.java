package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimingTest {

  private static String millis(long nanos) {
    StringBuilder out = new StringBuilder();
    Timing.appendMillis(out, nanos);
    return out.toString();
  }

  @Test
  void millis_printsWhatTheFormatterPrints() {
    long[] edges = {
      0, 1, 49_999, 50_000, 99_999, 100_000, 149_999, 150_000, 1_250_000, 999_950_000
    };
    for (long nanos : edges) {
      assertThat(millis(nanos)).isEqualTo(String.format(Locale.ROOT, "%.1f", nanos / 1e6));
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long nanos = random.nextLong(0, 600_000_000_000L);
      assertThat(millis(nanos)).isEqualTo(String.format(Locale.ROOT, "%.1f", nanos / 1e6));
    }
  }

  @Test
  void rewind_forgetsTheStagesAfterThePosition() {
    Timing timing = new Timing();
    timing.mark("parse");
    Timing.Position position = timing.position();
    timing.mark("plan");
    timing.rewind(position);
    timing.mark("plan");
    timing.mark("query", "sqlite");
    Responses responses = new Responses();
    timing.addTo(responses);
    String header = responses.build(200, new byte[0]).headers().get("Server-Timing").get(0);
    assertThat(header)
        .matches(
            "parse;dur=[0-9]+\\.[0-9], plan;dur=[0-9]+\\.[0-9], query;desc=\"sqlite\";dur=[0-9]+\\.[0-9]");
  }
}
