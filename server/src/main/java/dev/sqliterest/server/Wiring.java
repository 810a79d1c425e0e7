package dev.sqliterest.server;

import dev.sqliterest.rest.AccessPolicy;
import dev.sqliterest.rest.ApiHandler;
import dev.sqliterest.rest.Durability;
import dev.sqliterest.rest.RestApi;
import dev.sqliterest.rest.RestApiOptions;
import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.server.auth.Authenticator;
import dev.sqliterest.server.auth.JwtAuthenticator;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.http.AccessLog;
import dev.sqliterest.server.http.AdminEndpoint;
import dev.sqliterest.server.http.ExchangeListener;
import dev.sqliterest.server.metrics.Metrics;
import dev.sqliterest.sqlite.Database;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The replaceable parts {@link App} is assembled from. {@link #defaults()} is what {@code serve}
 * runs; tests swap single parts (a fake API engine, an extra listener).
 *
 * @param api builds the API engine over the open database
 * @param authenticators builds the authenticator for the configured key source
 * @param metrics creates the Prometheus metrics served at /metrics on the admin listener
 * @param exchangeListeners told about every finished API request (besides the metrics)
 * @param adminEndpoints extra routes on the admin listener
 */
public record Wiring(
    ApiFactory api,
    AuthenticatorFactory authenticators,
    Supplier<Metrics> metrics,
    List<ExchangeListener> exchangeListeners,
    List<AdminEndpoint> adminEndpoints) {

  /**
   * Builds the API engine once the database is open ({@code durability}: the replication it
   * acknowledges writes with, {@link Durability#LOCAL} without).
   */
  @FunctionalInterface
  public interface ApiFactory {
    ApiHandler create(
        Database database, ServeConfig config, AccessPolicy policy, Durability durability);
  }

  /** Builds the authenticator; empty options mean {@code --auth-disabled}. */
  @FunctionalInterface
  public interface AuthenticatorFactory {
    Authenticator create(Optional<AuthOptions> auth) throws IOException;
  }

  public Wiring {
    exchangeListeners = List.copyOf(exchangeListeners);
    adminEndpoints = List.copyOf(adminEndpoints);
  }

  /** The production parts. */
  public static Wiring defaults() {
    return new Wiring(
        Wiring::restApi,
        Wiring::authenticator,
        Metrics::create,
        List.of(new AccessLog()),
        List.of());
  }

  public Wiring withApi(ApiFactory value) {
    return new Wiring(value, authenticators, metrics, exchangeListeners, adminEndpoints);
  }

  public Wiring withAuthenticators(AuthenticatorFactory value) {
    return new Wiring(api, value, metrics, exchangeListeners, adminEndpoints);
  }

  public Wiring withMetrics(Supplier<Metrics> value) {
    return new Wiring(api, authenticators, value, exchangeListeners, adminEndpoints);
  }

  public Wiring withExchangeListener(ExchangeListener listener) {
    List<ExchangeListener> all = new ArrayList<>(exchangeListeners);
    all.add(listener);
    return new Wiring(api, authenticators, metrics, all, adminEndpoints);
  }

  public Wiring withAdminEndpoint(AdminEndpoint endpoint) {
    List<AdminEndpoint> all = new ArrayList<>(adminEndpoints);
    all.add(endpoint);
    return new Wiring(api, authenticators, metrics, exchangeListeners, all);
  }

  /** The PostgREST-compatible engine. */
  static ApiHandler restApi(
      Database database, ServeConfig config, AccessPolicy policy, Durability durability) {
    RestApiOptions options =
        RestApiOptions.defaults(policy)
            .withAllowTxOverride(config.allowTxOverride())
            .withMaxRows(config.maxRows())
            .withPlansEnabled(config.features().plans())
            .withAggregatesEnabled(config.features().aggregates())
            .withBearerAuth(config.auth().isPresent())
            .withDurability(durability);
    return new RestApi(database, options);
  }

  private static Authenticator authenticator(Optional<AuthOptions> auth) throws IOException {
    if (auth.isEmpty()) {
      return Authenticator.disabled(AuthOptions.DEFAULT_ROLE);
    }
    return JwtAuthenticator.create(auth.get(), InstantSource.system());
  }
}
