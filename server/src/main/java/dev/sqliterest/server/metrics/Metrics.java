package dev.sqliterest.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's Prometheus metrics in a private registry: sqlite-rest's {@code sqlite_rest_*}
 * families (same names and labels), JVM metrics, and families other components register through
 * {@link #counter}/{@link #gauge} (the {@code sqlite_rest_replication_*} ones).
 *
 * <p>Call {@link #requestCompleted} only for requests that passed authentication and the access
 * check, as sqlite-rest does, with a table of the database as target (callers pass {@value
 * #OTHER_TARGET} for any other name); as a backstop the {@code target} label is capped at {@link
 * #MAX_TARGETS} distinct values (later ones become {@value #OTHER_TARGET} too).
 */
public final class Metrics {

  /** {@code Content-Type} of {@link #writeTo}. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  /** sqlite-rest's buckets (1, 10, 100, 500, 1000) plus 5, 25, 50 and 250 ms. */
  public static final double[] REQUEST_DURATION_BUCKETS_MS = {
    1, 5, 10, 25, 50, 100, 250, 500, 1000
  };

  static final int MAX_TARGETS = 1000;

  /** The {@code target} label of requests for unknown tables and of those beyond the cap. */
  public static final String OTHER_TARGET = "_other";

  private static final String PREFIX = "sqlite_rest_";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Set<String> targets = ConcurrentHashMap.newKeySet();
  private final Counter authFailed;
  private final Counter accessCheckFailed;
  private final Counter requests;
  private final Histogram requestDuration;
  private final Gauge databaseSize;
  private final boolean jvm;
  private volatile boolean jvmRegistered;

  private Metrics(boolean jvm) {
    this.jvm = jvm;
    authFailed =
        Counter.builder()
            .name("sqlite_rest_auth_failed_requests_total")
            .help("Total number of failed authentication requests")
            .register(registry);
    accessCheckFailed =
        Counter.builder()
            .name("sqlite_rest_access_check_failed_requests_total")
            .help("Total number of failed access check requests")
            .register(registry);
    requests =
        Counter.builder()
            .name("sqlite_rest_http_requests_total")
            .help("Total number of HTTP requests")
            .labelNames("target", "operation", "http_code")
            .register(registry);
    requestDuration =
        Histogram.builder()
            .name("sqlite_rest_http_request_duration_milliseconds")
            .help("HTTP request latency")
            .labelNames("target", "operation", "http_code")
            .classicOnly()
            .classicUpperBounds(REQUEST_DURATION_BUCKETS_MS)
            .register(registry);
    databaseSize =
        Gauge.builder()
            .name("sqlite_rest_database_size_bytes")
            .help("Size of the database file")
            .register(registry);
  }

  /**
   * sqlite-rest's metrics plus JVM metrics ({@code jvm_*}, {@code process_*}), registered at the
   * first scrape: their JMX beans cost 0.3-1 s of start-up, and until a scrape nothing reads them
   * (their values come from the JVM, so registering late loses nothing).
   */
  public static Metrics create() {
    return new Metrics(true);
  }

  /** Without JVM metrics: for tests that compare whole scrapes. */
  static Metrics withoutJvm() {
    return new Metrics(false);
  }

  /** A request was rejected with 401. */
  public void authFailed() {
    authFailed.inc();
  }

  /** A request was rejected by the access policy (403). */
  public void accessCheckFailed() {
    accessCheckFailed.inc();
  }

  /** Counts and times one table request that passed authentication and the access check. */
  public void requestCompleted(String target, Operation operation, int httpCode, Duration elapsed) {
    String t =
        targets.contains(target) || (targets.size() < MAX_TARGETS && targets.add(target))
            ? target
            : OTHER_TARGET;
    String[] labels = {t, operation.label(), Integer.toString(httpCode)};
    requests.labelValues(labels).inc();
    requestDuration.labelValues(labels).observe(elapsed.toNanos() / 1_000_000.0);
  }

  /**
   * Sets {@code sqlite_rest_database_size_bytes}; see {@link DatabaseSizeRefresher} for the
   * schedule.
   */
  public void databaseSize(long bytes) {
    databaseSize.set(bytes);
  }

  /**
   * Refreshes {@code sqlite_rest_database_size_bytes} from {@code source} now and then every {@code
   * every} (sqlite-rest: 30 s) on a daemon thread, until the returned handle is closed.
   */
  public DatabaseSizeRefresher refreshDatabaseSize(DatabaseSizeSource source, Duration every) {
    return DatabaseSizeRefresher.start(this, source, every);
  }

  /**
   * Registers a counter family; the name must start with {@code sqlite_rest_} and end with {@code
   * _total}. Registering a name twice fails.
   */
  public LabeledCounter counter(String name, String help, String... labelNames) {
    requireName(name);
    if (!name.endsWith("_total")) {
      throw new IllegalArgumentException("counter name must end with _total: " + name);
    }
    return new LabeledCounter(
        Counter.builder().name(name).help(help).labelNames(labelNames).register(registry));
  }

  /** Registers a gauge family; the name must start with {@code sqlite_rest_}. */
  public LabeledGauge gauge(String name, String help, String... labelNames) {
    requireName(name);
    return new LabeledGauge(
        Gauge.builder().name(name).help(help).labelNames(labelNames).register(registry));
  }

  /** Writes every metric in the Prometheus text format ({@link #CONTENT_TYPE}). */
  public void writeTo(OutputStream out) throws IOException {
    if (jvm && !jvmRegistered) {
      registerJvmMetrics();
    }
    writer.write(out, registry.scrape());
  }

  private synchronized void registerJvmMetrics() {
    if (!jvmRegistered) {
      JvmMetrics.builder().register(registry);
      jvmRegistered = true;
    }
  }

  private static void requireName(String name) {
    if (name == null || !name.startsWith(PREFIX)) {
      throw new IllegalArgumentException("metric name must start with " + PREFIX + ": " + name);
    }
  }
}
