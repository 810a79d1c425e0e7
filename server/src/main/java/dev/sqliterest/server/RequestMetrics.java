package dev.sqliterest.server;

import dev.sqliterest.server.http.Exchange;
import dev.sqliterest.server.http.ExchangeListener;
import dev.sqliterest.server.metrics.Metrics;
import dev.sqliterest.server.metrics.Operation;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Feeds finished requests into sqlite-rest's request metrics: 401s count as authentication
 * failures, 403s from the engine as access-check failures (the access policy is its only source of
 * 403), and every other answer for a table (also a 413 for an oversized body) as a request with its
 * duration. The {@code target} label is the table only when the database has it; every other name
 * (a 404, or a 413 or 500 for a made-up name) is counted under {@link Metrics#OTHER_TARGET}, so a
 * client cannot add series by inventing paths.
 */
final class RequestMetrics implements ExchangeListener {

  private final Metrics metrics;
  private final Predicate<String> knownTarget;

  RequestMetrics(Metrics metrics, Predicate<String> knownTarget) {
    this.metrics = metrics;
    this.knownTarget = knownTarget;
  }

  @Override
  public void onExchange(Exchange e) {
    switch (e.outcome()) {
      case AUTH_FAILED -> metrics.authFailed();
      case API, INTERNAL_ERROR, BODY_TOO_LARGE -> {
        if (e.status() == 403) {
          metrics.accessCheckFailed();
          return;
        }
        Optional<Operation> operation = Operation.forTableMethod(e.method());
        if (e.target().isPresent() && operation.isPresent()) {
          String target = e.target().get();
          metrics.requestCompleted(
              knownTarget.test(target) ? target : Metrics.OTHER_TARGET,
              operation.get(),
              e.status(),
              e.duration());
        }
      }
      case ADAPTER -> {
        // preflights and unknown paths never addressed a table
      }
    }
  }
}
