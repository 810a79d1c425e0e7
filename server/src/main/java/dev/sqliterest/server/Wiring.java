package dev.sqliterest.server;

import dev.sqliterest.rest.ApiHandler;
import dev.sqliterest.server.config.AuthConfig;
import dev.sqliterest.server.config.ConfigException;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.http.AccessLog;
import dev.sqliterest.server.http.AdminEndpoint;
import dev.sqliterest.server.http.Authenticator;
import dev.sqliterest.server.http.ExchangeListener;
import dev.sqliterest.sqlite.Database;
import java.util.ArrayList;
import java.util.List;

/**
 * The replaceable parts {@link App} is assembled from. {@link #defaults()} is what {@code serve}
 * runs; tests swap single parts (a fake API engine, an extra listener).
 *
 * @param api builds the API engine over the open database
 * @param authenticators builds the authenticator for the configured key source
 * @param exchangeListeners told about every finished API request (access log, metrics)
 * @param adminEndpoints extra routes on the admin listener (e.g. /metrics)
 */
public record Wiring(
    ApiFactory api,
    AuthenticatorFactory authenticators,
    List<ExchangeListener> exchangeListeners,
    List<AdminEndpoint> adminEndpoints) {

  /** Builds the API engine once the database is open. */
  @FunctionalInterface
  public interface ApiFactory {
    ApiHandler create(Database database, ServeConfig config);
  }

  /** Builds the authenticator for {@code --auth-*}; throws {@link ConfigException} if unusable. */
  @FunctionalInterface
  public interface AuthenticatorFactory {
    Authenticator create(AuthConfig auth);
  }

  public Wiring {
    exchangeListeners = List.copyOf(exchangeListeners);
    adminEndpoints = List.copyOf(adminEndpoints);
  }

  /** The production parts. */
  public static Wiring defaults() {
    return new Wiring(
        Wiring::restApi, Wiring::authenticator, List.of(new AccessLog()), List.of());
  }

  public Wiring withApi(ApiFactory value) {
    return new Wiring(value, authenticators, exchangeListeners, adminEndpoints);
  }

  public Wiring withAuthenticators(AuthenticatorFactory value) {
    return new Wiring(api, value, exchangeListeners, adminEndpoints);
  }

  public Wiring withExchangeListener(ExchangeListener listener) {
    List<ExchangeListener> all = new ArrayList<>(exchangeListeners);
    all.add(listener);
    return new Wiring(api, authenticators, all, adminEndpoints);
  }

  public Wiring withAdminEndpoint(AdminEndpoint endpoint) {
    List<AdminEndpoint> all = new ArrayList<>(adminEndpoints);
    all.add(endpoint);
    return new Wiring(api, authenticators, exchangeListeners, all);
  }

  private static ApiHandler restApi(Database database, ServeConfig config) {
    // TODO(#2): replace with dev.sqliterest.rest.RestApi once the engine is on main
    throw new ConfigException("the REST API engine is not built into this binary yet");
  }

  private static Authenticator authenticator(AuthConfig auth) {
    return switch (auth) {
      case AuthConfig.Disabled disabled -> Authenticator.DISABLED;
      case AuthConfig.HmacSecretFile file ->
          // TODO(#7): JwtAuthenticator (dev.sqliterest.server.auth) verifies HS256/384/512
          throw new ConfigException(
              "--auth-token-file is not supported yet (JWT verification lands with issue #7);"
                  + " use --auth-disabled for local use");
      case AuthConfig.RsaPublicKeyFile file ->
          throw new ConfigException(
              "--auth-rsa-public-key is not supported yet (JWT verification lands with issue #7);"
                  + " use --auth-disabled for local use");
    };
  }
}
