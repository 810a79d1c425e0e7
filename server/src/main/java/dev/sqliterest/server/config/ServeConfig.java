package dev.sqliterest.server.config;

import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything {@code serve} needs, validated once.
 *
 * @param database how to open the database (from {@code --db-dsn} and {@code --db-create})
 * @param httpAddr the API listener ({@code --http-addr})
 * @param metricsAddr the admin listener for /live, /ready and /metrics, empty when disabled
 * @param auth how API requests are authenticated; empty when {@code --auth-disabled}
 * @param allowTables tables and views that may be served ({@code --security-allow-table})
 * @param policyFile role grants ({@code --security-policy-file}); replaces the allowlist when set
 * @param shutdownTimeout how long a graceful shutdown waits for in-flight requests
 * @param maxBodyBytes request bodies larger than this are answered with 413
 * @param corsAllowedOrigins origins allowed by CORS; {@code *} allows any; empty turns CORS off
 * @param allowTxOverride honour {@code Prefer: tx=rollback} ({@code --allow-tx-override})
 * @param debugAddr thread dumps and JFR recordings ({@code --debug-addr}); empty when off
 * @param httpLimits header deadline and connection cap of the listeners
 * @param maxRows most rows a read or an embedded array returns ({@code --max-rows}); 0 for no cap
 * @param replication replication and the restore before serving; empty when replication is off
 * @param features the PostgREST features that are off by default (plans, aggregates)
 * @param console serve the browser console at {@code /_console/} ({@code --console})
 * @param follow follower mode (a read replica of another server's replica); empty otherwise
 */
public record ServeConfig(
    DatabaseOptions database,
    ListenAddress httpAddr,
    Optional<ListenAddress> metricsAddr,
    Optional<AuthOptions> auth,
    Set<String> allowTables,
    Optional<Path> policyFile,
    Duration shutdownTimeout,
    long maxBodyBytes,
    List<String> corsAllowedOrigins,
    boolean allowTxOverride,
    Optional<ListenAddress> debugAddr,
    HttpLimits httpLimits,
    long maxRows,
    Optional<ReplicationConfig> replication,
    ApiFeatures features,
    boolean console,
    Optional<FollowConfig> follow) {

  public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  public ServeConfig {
    allowTables = Set.copyOf(allowTables);
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    if (shutdownTimeout.isNegative()) {
      throw new ConfigException("--shutdown-timeout must not be negative");
    }
    if (maxRows < 0) {
      throw new ConfigException("--max-rows must be 0 (no cap) or positive, got " + maxRows);
    }
    if (follow.isPresent() && replication.isPresent()) {
      throw new ConfigException(
          "--replication-follow cannot be combined with --replication-enabled: a follower only"
              + " reads the primary's replica (run the primary with --replication-enabled, the"
              + " followers with --replication-follow)");
    }
    if (follow.isPresent() && database.readOnly()) {
      throw new ConfigException(
          "--replication-follow writes the replica's changes into --db-dsn's file: drop mode=ro");
    }
    if (maxBodyBytes < 1) {
      throw new ConfigException("--max-body-bytes must be at least 1 byte, got " + maxBodyBytes);
    }
  }

  /**
   * Defaults with auth disabled, no replication and both listeners on ephemeral loopback ports
   * (tests, tools).
   */
  public static ServeConfig loopback(DatabaseOptions database, Set<String> allowTables) {
    return new ServeConfig(
        database,
        ListenAddress.loopback(0),
        Optional.of(ListenAddress.loopback(0)),
        Optional.empty(),
        allowTables,
        Optional.empty(),
        DEFAULT_SHUTDOWN_TIMEOUT,
        DEFAULT_MAX_BODY_BYTES,
        List.of("*"),
        false,
        Optional.empty(),
        HttpLimits.DEFAULTS,
        0,
        Optional.empty(),
        ApiFeatures.NONE,
        true,
        Optional.empty());
  }

  public ServeConfig withAuth(Optional<AuthOptions> value) {
    return edit(c -> c.auth = value);
  }

  public ServeConfig withMetricsAddr(Optional<ListenAddress> value) {
    return edit(c -> c.metricsAddr = value);
  }

  public ServeConfig withPolicyFile(Optional<Path> value) {
    return edit(c -> c.policyFile = value);
  }

  public ServeConfig withShutdownTimeout(Duration value) {
    return edit(c -> c.shutdownTimeout = value);
  }

  public ServeConfig withAllowTxOverride(boolean value) {
    return edit(c -> c.allowTxOverride = value);
  }

  public ServeConfig withMaxBodyBytes(long value) {
    return edit(c -> c.maxBodyBytes = value);
  }

  public ServeConfig withCorsAllowedOrigins(List<String> value) {
    return edit(c -> c.corsAllowedOrigins = value);
  }

  public ServeConfig withHttpLimits(HttpLimits value) {
    return edit(c -> c.httpLimits = value);
  }

  public ServeConfig withMaxRows(long value) {
    return edit(c -> c.maxRows = value);
  }

  public ServeConfig withReplication(Optional<ReplicationConfig> value) {
    return edit(c -> c.replication = value);
  }

  public ServeConfig withFeatures(ApiFeatures value) {
    return edit(c -> c.features = value);
  }

  public ServeConfig withConsole(boolean value) {
    return edit(c -> c.console = value);
  }

  public ServeConfig withFollow(Optional<FollowConfig> value) {
    return edit(c -> c.follow = value);
  }

  /** A copy with {@code change} applied to its fields, validated again. */
  private ServeConfig edit(Consumer<Fields> change) {
    Fields c = new Fields(this);
    change.accept(c);
    return new ServeConfig(
        c.database,
        c.httpAddr,
        c.metricsAddr,
        c.auth,
        c.allowTables,
        c.policyFile,
        c.shutdownTimeout,
        c.maxBodyBytes,
        c.corsAllowedOrigins,
        c.allowTxOverride,
        c.debugAddr,
        c.httpLimits,
        c.maxRows,
        c.replication,
        c.features,
        c.console,
        c.follow);
  }

  /** The record's fields, mutable, for {@link #edit}. */
  private static final class Fields {
    DatabaseOptions database;
    ListenAddress httpAddr;
    Optional<ListenAddress> metricsAddr;
    Optional<AuthOptions> auth;
    Set<String> allowTables;
    Optional<Path> policyFile;
    Duration shutdownTimeout;
    long maxBodyBytes;
    List<String> corsAllowedOrigins;
    boolean allowTxOverride;
    Optional<ListenAddress> debugAddr;
    HttpLimits httpLimits;
    long maxRows;
    Optional<ReplicationConfig> replication;
    ApiFeatures features;
    boolean console;
    Optional<FollowConfig> follow;

    Fields(ServeConfig c) {
      database = c.database;
      httpAddr = c.httpAddr;
      metricsAddr = c.metricsAddr;
      auth = c.auth;
      allowTables = c.allowTables;
      policyFile = c.policyFile;
      shutdownTimeout = c.shutdownTimeout;
      maxBodyBytes = c.maxBodyBytes;
      corsAllowedOrigins = c.corsAllowedOrigins;
      allowTxOverride = c.allowTxOverride;
      debugAddr = c.debugAddr;
      httpLimits = c.httpLimits;
      maxRows = c.maxRows;
      replication = c.replication;
      features = c.features;
      console = c.console;
      follow = c.follow;
    }
  }
}
