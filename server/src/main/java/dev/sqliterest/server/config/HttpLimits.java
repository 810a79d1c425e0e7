package dev.sqliterest.server.config;

import java.time.Duration;

/**
 * Limits that keep slow or numerous clients from exhausting a listener.
 *
 * @param headerTimeout a connection must deliver a request's complete headers within this time of
 *     opening or of its previous response, else it is closed ({@code --http-header-timeout})
 * @param maxConnections connections held open at once; more wait to be accepted ({@code
 *     --http-max-connections})
 */
public record HttpLimits(Duration headerTimeout, int maxConnections) {

  /** Stops a slowloris from one machine: it must reconnect every 10 s, at most 1000 at a time. */
  public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(10), 1000);

  public HttpLimits {
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new ConfigException("--http-header-timeout must be positive, got " + headerTimeout);
    }
    if (maxConnections < 1) {
      throw new ConfigException("--http-max-connections must be at least 1, got " + maxConnections);
    }
  }
}
