package dev.sqliterest.server;

import dev.sqliterest.rest.ApiHandler;
import dev.sqliterest.server.config.AuthConfig;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.http.AdminHttpHandler;
import dev.sqliterest.server.http.ApiHttpHandler;
import dev.sqliterest.server.http.Authenticator;
import dev.sqliterest.server.http.HttpServer;
import dev.sqliterest.sqlite.Database;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: the composition root that owns start order and shutdown order.
 *
 * <p>Start: admin listener (so /live answers and /ready says what is pending) → authenticator
 * (fails fast on bad key files) → database → API engine → API listener → ready. Shutdown ({@link
 * #close()}): not ready → API listener drains requests in flight (up to {@code
 * --shutdown-timeout}) → database closed → admin listener stopped. New components (replication,
 * restore) slot in between the database and the API listener, and stop in reverse order.
 */
public final class App implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(App.class);
  private static final Duration ADMIN_STOP_TIMEOUT = Duration.ofSeconds(1);

  private final ServeConfig config;
  private final Readiness readiness;
  private final HttpServer admin;
  private final Database database;
  private final HttpServer api;
  private boolean closed;

  private App(ServeConfig config, Readiness readiness, HttpServer admin, Database database,
      HttpServer api) {
    this.config = config;
    this.readiness = readiness;
    this.admin = admin;
    this.database = database;
    this.api = api;
  }

  /** Starts {@code serve} with the production parts. */
  public static App start(ServeConfig config) throws AppStartException {
    return start(config, Wiring.defaults());
  }

  /** Starts the server from {@code config}; on failure everything already started is stopped. */
  public static App start(ServeConfig config, Wiring wiring) throws AppStartException {
    Readiness readiness = new Readiness();
    readiness.require(Readiness.DATABASE);
    List<AutoCloseable> started = new ArrayList<>();
    try {
      HttpServer admin = null;
      if (config.metricsAddr().isPresent()) {
        admin = listen("--metrics-addr", "admin", config.metricsAddr().get().toSocketAddress(),
            new AdminHttpHandler(readiness, wiring.adminEndpoints()), ADMIN_STOP_TIMEOUT);
        started.add(admin);
      }
      Authenticator authenticator = wiring.authenticators().create(config.auth());
      Database database = openDatabase(config);
      started.add(database);
      ApiHandler engine = wiring.api().create(database, config);
      ApiHttpHandler handler = new ApiHttpHandler(engine, authenticator,
          config.corsAllowedOrigins(), config.maxBodyBytes(), wiring.exchangeListeners());
      HttpServer api = listen("--http-addr", "api", config.httpAddr().toSocketAddress(), handler,
          config.shutdownTimeout());
      readiness.satisfy(Readiness.DATABASE);
      App app = new App(config, readiness, admin, database, api);
      app.logStarted();
      return app;
    } catch (AppStartException | RuntimeException e) {
      closeAll(started, e);
      throw e;
    }
  }

  private static Database openDatabase(ServeConfig config) throws AppStartException {
    try {
      return Database.open(config.database());
    } catch (java.sql.SQLException e) {
      throw new AppStartException(
          "open database: " + e.getMessage(), e);
    }
  }

  private static HttpServer listen(String flag, String name, InetSocketAddress address,
      org.eclipse.jetty.server.Handler handler, Duration stopTimeout) throws AppStartException {
    try {
      return HttpServer.start(name, address, handler, stopTimeout);
    } catch (Exception e) {
      throw new AppStartException(
          "listen on " + flag + " " + address + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static void closeAll(List<AutoCloseable> started, Exception failure) {
    for (AutoCloseable c : started.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }

  private void logStarted() {
    if (config.auth() instanceof AuthConfig.Disabled) {
      LOG.warn("AUTHENTICATION IS DISABLED (--auth-disabled): anyone who can reach port {} can"
          + " use every allowed table. Use this only on your own machine.", httpPort());
    }
    LOG.atInfo()
        .addKeyValue("api", "http://" + hostForUrl() + ":" + httpPort())
        .addKeyValue("admin", adminPort().isPresent()
            ? "http://" + hostForUrl() + ":" + adminPort().getAsInt() : "disabled")
        .addKeyValue("db", database.path().toAbsolutePath().toString())
        .addKeyValue("allowed_tables", String.join(",", config.allowTables().stream().sorted()
            .toList()))
        .log("listening");
  }

  private String hostForUrl() {
    return config.httpAddr().host().orElse("127.0.0.1");
  }

  public int httpPort() {
    return api.port();
  }

  public OptionalInt adminPort() {
    return admin == null ? OptionalInt.empty() : OptionalInt.of(admin.port());
  }

  public Readiness readiness() {
    return readiness;
  }

  public Database database() {
    return database;
  }

  public ServeConfig config() {
    return config;
  }

  /**
   * Graceful shutdown: not ready, drain the API listener (requests in flight finish, up to the
   * shutdown timeout), close the database, stop the admin listener. Idempotent.
   */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    long start = System.nanoTime();
    readiness.require(Readiness.SHUTTING_DOWN);
    List<AutoCloseable> order = new ArrayList<>(List.of(api, database));
    Optional.ofNullable(admin).ifPresent(order::add);
    Exception failure = null;
    for (AutoCloseable c : order) {
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    LOG.atInfo()
        .addKeyValue("duration_ms", (System.nanoTime() - start) / 1_000_000)
        .log("stopped");
    if (failure != null) {
      throw failure;
    }
  }
}
