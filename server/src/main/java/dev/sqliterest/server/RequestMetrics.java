package dev.sqliterest.server;

import dev.sqliterest.server.http.Exchange;
import dev.sqliterest.server.http.ExchangeListener;
import dev.sqliterest.server.metrics.Metrics;
import dev.sqliterest.server.metrics.Operation;
import java.util.Optional;

/**
 * Feeds finished requests into sqlite-rest's request metrics: 401s count as authentication
 * failures, 403s from the engine as access-check failures (the access policy is its only source of
 * 403), and every other answer for a table (also a 413 for an oversized body) as a request with its
 * duration.
 */
final class RequestMetrics implements ExchangeListener {

  private final Metrics metrics;

  RequestMetrics(Metrics metrics) {
    this.metrics = metrics;
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
          metrics.requestCompleted(e.target().get(), operation.get(), e.status(), e.duration());
        }
      }
      case ADAPTER -> {
        // preflights and unknown paths never addressed a table
      }
    }
  }
}
