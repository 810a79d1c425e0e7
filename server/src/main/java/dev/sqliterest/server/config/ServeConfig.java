package dev.sqliterest.server.config;

import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
    long maxRows) {

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
    if (maxBodyBytes < 1) {
      throw new ConfigException("--max-body-bytes must be at least 1 byte, got " + maxBodyBytes);
    }
  }

  /** Defaults with auth disabled and both listeners on ephemeral loopback ports (tests, tools). */
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
        0);
  }

  public ServeConfig withAuth(Optional<AuthOptions> value) {
    return new ServeConfig(
        database,
        httpAddr,
        metricsAddr,
        value,
        allowTables,
        policyFile,
        shutdownTimeout,
        maxBodyBytes,
        corsAllowedOrigins,
        allowTxOverride,
        debugAddr,
        httpLimits,
        maxRows);
  }

  public ServeConfig withMetricsAddr(Optional<ListenAddress> value) {
    return new ServeConfig(
        database,
        httpAddr,
        value,
        auth,
        allowTables,
        policyFile,
        shutdownTimeout,
        maxBodyBytes,
        corsAllowedOrigins,
        allowTxOverride,
        debugAddr,
        httpLimits,
        maxRows);
  }

  public ServeConfig withPolicyFile(Optional<Path> value) {
    return new ServeConfig(
        database,
        httpAddr,
        metricsAddr,
        auth,
        allowTables,
        value,
        shutdownTimeout,
        maxBodyBytes,
        corsAllowedOrigins,
        allowTxOverride,
        debugAddr,
        httpLimits,
        maxRows);
  }

  public ServeConfig withShutdownTimeout(Duration value) {
    return new ServeConfig(
        database,
        httpAddr,
        metricsAddr,
        auth,
        allowTables,
        policyFile,
        value,
        maxBodyBytes,
        corsAllowedOrigins,
        allowTxOverride,
        debugAddr,
        httpLimits,
        maxRows);
  }

  public ServeConfig withAllowTxOverride(boolean value) {
    return new ServeConfig(
        database,
        httpAddr,
        metricsAddr,
        auth,
        allowTables,
        policyFile,
        shutdownTimeout,
        maxBodyBytes,
        corsAllowedOrigins,
        value,
        debugAddr,
        httpLimits,
        maxRows);
  }

  public ServeConfig withMaxBodyBytes(long value) {
    return new ServeConfig(
        database,
        httpAddr,
        metricsAddr,
        auth,
        allowTables,
        policyFile,
        shutdownTimeout,
        value,
        corsAllowedOrigins,
        allowTxOverride,
        debugAddr,
        httpLimits,
        maxRows);
  }

  public ServeConfig withCorsAllowedOrigins(List<String> value) {
    return new ServeConfig(
        database,
        httpAddr,
        metricsAddr,
        auth,
        allowTables,
        policyFile,
        shutdownTimeout,
        maxBodyBytes,
        value,
        allowTxOverride,
        debugAddr,
        httpLimits,
        maxRows);
  }

  public ServeConfig withHttpLimits(HttpLimits value) {
    return new ServeConfig(
        database,
        httpAddr,
        metricsAddr,
        auth,
        allowTables,
        policyFile,
        shutdownTimeout,
        maxBodyBytes,
        corsAllowedOrigins,
        allowTxOverride,
        debugAddr,
        value,
        maxRows);
  }

  public ServeConfig withMaxRows(long value) {
    return new ServeConfig(
        database,
        httpAddr,
        metricsAddr,
        auth,
        allowTables,
        policyFile,
        shutdownTimeout,
        maxBodyBytes,
        corsAllowedOrigins,
        allowTxOverride,
        debugAddr,
        httpLimits,
        value);
  }
}
