package dev.sqliterest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.server.http.Exchange;
import dev.sqliterest.server.http.Exchange.Outcome;
import dev.sqliterest.server.metrics.Metrics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class RequestMetricsTest {

  private final Metrics metrics = Metrics.create();
  private final RequestMetrics listener =
      new RequestMetrics(metrics, Set.of("books", "secrets")::contains);

  private void exchange(String method, String target, int status, Outcome outcome) {
    listener.onExchange(
        new Exchange(
            "id",
            method,
            "/" + target,
            Optional.ofNullable(target),
            status,
            Duration.ofMillis(3),
            OptionalLong.empty(),
            outcome));
  }

  private String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.writeTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onExchange_countsLikeSqliteRest() throws Exception {
    exchange("GET", "books", 200, Outcome.API);
    exchange("HEAD", "books", 200, Outcome.API);
    exchange("POST", "books", 201, Outcome.API);
    exchange("PUT", "books", 400, Outcome.API);
    exchange("GET", "books", 401, Outcome.AUTH_FAILED);
    exchange("GET", "secrets", 403, Outcome.API);
    exchange("OPTIONS", "books", 200, Outcome.ADAPTER);
    exchange("GET", null, 404, Outcome.ADAPTER);
    exchange("GET", "zz_made_up", 404, Outcome.API);

    String text = scrape();
    assertThat(text)
        .contains(
            "sqlite_rest_http_requests_total{http_code=\"200\",operation=\"queryTableOrView\","
                + "target=\"books\"} 2")
        .contains(
            "sqlite_rest_http_requests_total{http_code=\"201\",operation=\"insertTable\","
                + "target=\"books\"} 1")
        .contains(
            "sqlite_rest_http_requests_total{http_code=\"400\","
                + "operation=\"updateSingleEntity\",target=\"books\"} 1")
        .contains("sqlite_rest_auth_failed_requests_total 1")
        .contains("sqlite_rest_access_check_failed_requests_total 1")
        .contains(
            "sqlite_rest_http_requests_total{http_code=\"404\",operation=\"queryTableOrView\","
                + "target=\"_other\"} 1")
        .doesNotContain("target=\"secrets\"")
        .doesNotContain("zz_made_up");
  }
}
