package dev.sqliterest.server;

import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaClients;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.restore.StartupDecision;
import dev.sqliterest.rest.AccessPolicy;
import dev.sqliterest.rest.AllowListPolicy;
import dev.sqliterest.rest.ApiHandler;
import dev.sqliterest.rest.ApiPaths;
import dev.sqliterest.rest.Durability;
import dev.sqliterest.server.auth.Authenticator;
import dev.sqliterest.server.config.FollowConfig;
import dev.sqliterest.server.config.ReplicationConfig;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.console.ConsoleAssets;
import dev.sqliterest.server.console.ConsoleHandler;
import dev.sqliterest.server.debug.DebugServer;
import dev.sqliterest.server.http.AdminEndpoint;
import dev.sqliterest.server.http.AdminHttpHandler;
import dev.sqliterest.server.http.ApiHttpHandler;
import dev.sqliterest.server.http.ExchangeListener;
import dev.sqliterest.server.http.HttpServer;
import dev.sqliterest.server.metrics.DatabaseSizeRefresher;
import dev.sqliterest.server.metrics.DatabaseSizeSource;
import dev.sqliterest.server.metrics.Metrics;
import dev.sqliterest.server.policy.PolicyFile;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: the composition root that owns start order and shutdown order.
 *
 * <p>Start: admin listener (so /live answers and /ready says what is pending) → debug server →
 * authenticator and access policy (fail fast on bad key or policy files) → restore before serving
 * (when replicating) → database (automatic checkpoints off when replicating; in follower mode the
 * follower's, restored in the background) → replication → database-size metric → API engine → API
 * listener → ready. {@link #close()} stops everything in reverse order after marking the server not
 * ready, so the API listener first drains requests in flight (up to {@code --shutdown-timeout}),
 * replication then ships what was committed, and the database closes only after that. A new
 * component is added to the started list between the database and the API listener.
 */
public final class App implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(App.class);
  private static final Duration ADMIN_STOP_TIMEOUT = Duration.ofSeconds(1);

  private final ServeConfig config;
  private final Readiness readiness;
  private final Metrics metrics;
  private final Database database;
  private final HttpServer api;
  private final OptionalInt adminPort;
  private final List<AutoCloseable> started;
  private final CompletableFuture<String> mustStop;
  private boolean closed;

  private App(Builder b) {
    this.config = b.config;
    this.readiness = b.readiness;
    this.metrics = b.metrics;
    this.database = b.database;
    this.api = b.api;
    this.adminPort = b.admin == null ? OptionalInt.empty() : OptionalInt.of(b.admin.port());
    this.started = List.copyOf(b.started);
    this.mustStop = b.mustStop;
  }

  /** What {@link #start} has built so far; closed in reverse order when a later step fails. */
  private static final class Builder {
    final ServeConfig config;
    final Readiness readiness = new Readiness();
    final List<AutoCloseable> started = new ArrayList<>();
    Metrics metrics;
    HttpServer admin;
    Database database;
    HttpServer api;
    CompletableFuture<String> mustStop = new CompletableFuture<>();

    Builder(ServeConfig config) {
      this.config = config;
    }
  }

  /**
   * Starts the server from {@code config} with {@code wiring}'s parts; on failure everything
   * already started is stopped. With replication configured, a client per replica is opened first,
   * the database is restored from the replica when needed, then opened with automatic checkpoints
   * off (the replicator owns them), and replication starts right after it.
   */
  public static App start(ServeConfig config, Wiring wiring) throws AppStartException {
    Builder b = new Builder(config);
    b.readiness.require(Readiness.DATABASE);
    try {
      b.metrics = wiring.metrics().get();
      if (config.metricsAddr().isPresent()) {
        List<AdminEndpoint> endpoints = new ArrayList<>(wiring.adminEndpoints());
        endpoints.add(AdminEndpoint.of("/metrics", Metrics.CONTENT_TYPE, b.metrics::writeTo));
        InetSocketAddress address = config.metricsAddr().get().toSocketAddress();
        AdminHttpHandler handler = new AdminHttpHandler(b.readiness, endpoints);
        b.admin =
            listen(
                "--metrics-addr",
                address,
                () ->
                    HttpServer.start(
                        "admin",
                        address,
                        HttpServer.Threads.PLATFORM,
                        handler,
                        ADMIN_STOP_TIMEOUT,
                        config.httpLimits()));
        b.started.add(b.admin);
      }
      if (config.debugAddr().isPresent()) {
        b.started.add(debugServer(config));
      }
      Authenticator authenticator = authenticator(config, wiring);
      AccessPolicy policy = accessPolicy(config);
      Optional<ReplicationConfig> replication = config.replication();
      List<ReplicaClient> replicas = new ArrayList<>();
      boolean startNew = false;
      if (replication.isPresent()) {
        for (ReplicaUrl url : replication.get().replicas()) {
          ReplicaClient replica = openReplica("--replication-replica-url", url);
          b.started.add(replica);
          replicas.add(replica);
        }
        // no local database and an empty replica: start a new one, replicated from TXID 1
        startNew =
            RestoreBeforeServing.run(config.database().path(), replication.get(), replicas)
                instanceof StartupDecision.StartNew;
      }
      Optional<FollowConfig> follow = config.follow();
      FollowerService follower = null;
      if (follow.isPresent()) {
        ReplicaClient source = openReplica("--replication-follow", follow.get().replica());
        b.started.add(source);
        follower =
            FollowerService.start(follow.get(), source, config.database(), b.metrics, b.readiness);
        b.started.add(follower); // closes the database
        b.database = follower.database();
      } else {
        b.database = openDatabase(config, replication.isPresent(), startNew);
        b.started.add(b.database);
      }
      Durability durability = Durability.LOCAL;
      ReplicationService replicating = null;
      if (replication.isPresent()) {
        replicating =
            ReplicationService.start(
                replication.get(),
                replicas,
                b.database,
                b.metrics,
                b.readiness,
                config.shutdownTimeout());
        b.started.add(replicating);
        durability = replicating;
        b.mustStop = replicating.mustStop();
      }
      b.started.add(
          b.metrics.refreshDatabaseSize(
              DatabaseSizeSource.of(b.database), DatabaseSizeRefresher.DEFAULT_PERIOD));
      ApiHandler engine = wiring.api().create(b.database, config, policy, durability);
      if (follower != null) {
        engine = new FollowerApi(engine, follower.follower(), follow.get());
      }
      if (config.console()) {
        engine =
            new ConsoleHandler(
                engine, ConsoleAssets.load(), consoleStatus(replicating, follower, follow));
      }
      List<ExchangeListener> listeners = new ArrayList<>(wiring.exchangeListeners());
      listeners.add(new RequestMetrics(b.metrics, engine::knowsRelation));
      ApiHttpHandler handler =
          new ApiHttpHandler(
              engine, authenticator, config.corsAllowedOrigins(), config.maxBodyBytes(), listeners);
      InetSocketAddress apiAddress = config.httpAddr().toSocketAddress();
      b.api =
          listen(
              "--http-addr",
              apiAddress,
              () ->
                  HttpServer.start(
                      "api",
                      apiAddress,
                      HttpServer.Threads.VIRTUAL,
                      handler,
                      config.shutdownTimeout(),
                      config.httpLimits()));
      b.started.add(b.api);
      b.readiness.satisfy(Readiness.DATABASE);
      App app = new App(b);
      app.logStarted();
      return app;
    } catch (AppStartException | RuntimeException e) {
      closeReversed(b.started, e);
      throw e;
    }
  }

  /** The client of one replica, shared by the restore before serving and replication. */
  private static ReplicaClient openReplica(String flag, ReplicaUrl url) throws AppStartException {
    try {
      return ReplicaClients.installed().open(url);
    } catch (IOException | RuntimeException e) {
      throw new AppStartException(flag + " " + url + ": " + e.getMessage(), e);
    }
  }

  private static Authenticator authenticator(ServeConfig config, Wiring wiring)
      throws AppStartException {
    try {
      return wiring.authenticators().create(config.auth());
    } catch (IOException e) {
      throw new AppStartException("load auth key: " + e.getMessage(), e);
    }
  }

  /** The role grants of the policy file, or else sqlite-rest's allowlist. */
  private static AccessPolicy accessPolicy(ServeConfig config) throws AppStartException {
    if (config.policyFile().isEmpty()) {
      return new AllowListPolicy(config.allowTables());
    }
    try {
      return PolicyFile.load(config.policyFile().get());
    } catch (IOException e) {
      throw new AppStartException("load --security-policy-file: " + e.getMessage(), e);
    }
  }

  private static DebugServer debugServer(ServeConfig config) throws AppStartException {
    InetSocketAddress address = config.debugAddr().orElseThrow().toSocketAddress();
    try {
      return DebugServer.start(address);
    } catch (IOException e) {
      throw new AppStartException("listen on --debug-addr " + address + ": " + e.getMessage(), e);
    }
  }

  private static Database openDatabase(ServeConfig config, boolean replicated, boolean create)
      throws AppStartException {
    try {
      DatabaseOptions options = create ? config.database().withCreate(true) : config.database();
      return Database.open(replicated ? options.withAutocheckpoint(false) : options);
    } catch (SQLException e) {
      throw new AppStartException("open database: " + e.getMessage(), e);
    }
  }

  /** Starts one listener; a failure names {@code flag} and the address. */
  private static HttpServer listen(String flag, InetSocketAddress address, Listener listener)
      throws AppStartException {
    try {
      return listener.start();
    } catch (Exception e) {
      throw new AppStartException("listen on " + flag + " " + address + ": " + rootMessage(e), e);
    }
  }

  /** Starts an {@link HttpServer} (keeps Jetty's types inside {@code server.http}). */
  @FunctionalInterface
  private interface Listener {
    HttpServer start() throws Exception;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static void closeReversed(List<AutoCloseable> started, Exception failure) {
    for (AutoCloseable c : started.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }

  private void logStarted() {
    if (config.auth().isEmpty()) {
      LOG.warn(
          "AUTHENTICATION IS DISABLED (--auth-disabled): anyone who can reach port {} can"
              + " use every allowed table. Use this only on your own machine.",
          httpPort());
    }
    if (config.auth().isEmpty()) {
      if (config.corsAllowedOrigins().isEmpty()) {
        LOG.info(
            "CORS is off: with authentication disabled, browsers do not let other sites' pages"
                + " call this server (allow origins with --cors-allowed-origins)");
      } else {
        LOG.warn(
            "CORS allows {} while authentication is disabled: pages from those origins, opened"
                + " in a browser that can reach port {}, can read and write this database",
            String.join(",", config.corsAllowedOrigins()),
            httpPort());
      }
    }
    if (config.allowTables().isEmpty() && config.policyFile().isEmpty()) {
      LOG.warn("no table is allowed (--security-allow-table): every API request will get 403");
    }
    String host = config.httpAddr().host().orElse("127.0.0.1");
    LOG.atInfo()
        .addKeyValue("api", "http://" + host + ":" + httpPort())
        .addKeyValue(
            "admin",
            adminPort.isPresent() ? "http://" + host + ":" + adminPort.getAsInt() : "disabled")
        .addKeyValue(
            "console",
            config.console() ? "http://" + host + ":" + httpPort() + ApiPaths.CONSOLE : "off")
        .addKeyValue("db", database.path().toAbsolutePath().toString())
        .addKeyValue(
            "allowed_tables", String.join(",", config.allowTables().stream().sorted().toList()))
        .log("listening");
  }

  public int httpPort() {
    return api.port();
  }

  public OptionalInt adminPort() {
    return adminPort;
  }

  public Readiness readiness() {
    return readiness;
  }

  public Database database() {
    return database;
  }

  public Metrics metrics() {
    return metrics;
  }

  public ServeConfig config() {
    return config;
  }

  /**
   * Completes with the reason when the server must stop on its own and exit non-zero (replication
   * required by {@code --replication-required-within} is not happening); never otherwise.
   */
  public CompletableFuture<String> mustStop() {
    return mustStop;
  }

  /**
   * Graceful shutdown: not ready, then everything in reverse start order: the API listener drains
   * requests in flight (up to the shutdown timeout), the database closes, the admin listener stops
   * last. Idempotent.
   */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    long start = System.nanoTime();
    readiness.require(Readiness.SHUTTING_DOWN);
    Exception failure = new Exception("shut down " + config.database().path());
    closeReversed(started, failure);
    LOG.atInfo().addKeyValue("duration_ms", (System.nanoTime() - start) / 1_000_000).log("stopped");
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  /** What {@code /_console/status} shows: the primary's replication, the follower's, or none. */
  private static Supplier<Object> consoleStatus(
      ReplicationService primary, FollowerService follower, Optional<FollowConfig> follow) {
    if (primary != null) {
      return () -> ConsoleStatus.primary(primary);
    }
    if (follower != null) {
      return () ->
          ConsoleStatus.follower(
              follower.follower().status(),
              follow.orElseThrow().replica(),
              follower.recentFailures());
    }
    return ConsoleStatus::off;
  }
}
