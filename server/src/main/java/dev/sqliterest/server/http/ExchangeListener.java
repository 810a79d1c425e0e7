package dev.sqliterest.server.http;

/**
 * Observes every finished API request; called on the request's thread after the response was handed
 * to the server. Implementations must be fast and must not throw.
 */
@FunctionalInterface
public interface ExchangeListener {
  void onExchange(Exchange exchange);
}
