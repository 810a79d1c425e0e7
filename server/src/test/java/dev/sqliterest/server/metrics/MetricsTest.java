package dev.sqliterest.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MetricsTest {

  private static final String REQUESTS = "sqlite_rest_http_requests_total";
  private static final String DURATION = "sqlite_rest_http_request_duration_milliseconds";

  @TempDir Path dir;

  @Test
  void scrape_freshRegistry_hasSqliteRestFamiliesWithTypes() throws Exception {
    Metrics metrics = Metrics.withoutJvm();
    Scrape fresh = Scrape.of(metrics);
    // like Go's CounterVec, labelled families appear with their first series
    assertThat(fresh.types()).doesNotContainKey(REQUESTS);
    metrics.requestCompleted("books", Operation.QUERY_TABLE_OR_VIEW, 200, Duration.ofMillis(1));

    Scrape scrape = Scrape.of(metrics);

    assertThat(scrape.types())
        .containsEntry("sqlite_rest_auth_failed_requests_total", "counter")
        .containsEntry("sqlite_rest_access_check_failed_requests_total", "counter")
        .containsEntry(REQUESTS, "counter")
        .containsEntry(DURATION, "histogram")
        .containsEntry("sqlite_rest_database_size_bytes", "gauge");
    assertThat(scrape.value("sqlite_rest_auth_failed_requests_total")).hasValue(0);
    assertThat(scrape.value("sqlite_rest_database_size_bytes")).hasValue(0);
  }

  @Test
  void requestCompleted_knownRequests_countedByTargetOperationAndCode() throws Exception {
    Metrics metrics = Metrics.withoutJvm();
    metrics.requestCompleted("books", Operation.QUERY_TABLE_OR_VIEW, 200, Duration.ofMillis(3));
    metrics.requestCompleted("books", Operation.QUERY_TABLE_OR_VIEW, 200, Duration.ofMillis(30));
    metrics.requestCompleted("books", Operation.QUERY_TABLE_OR_VIEW, 200, Duration.ofMillis(3000));
    metrics.requestCompleted("books", Operation.INSERT_TABLE, 201, Duration.ofMillis(1));
    metrics.requestCompleted("authors", Operation.DELETE_TABLE, 404, Duration.ofMillis(2));
    metrics.authFailed();
    metrics.authFailed();
    metrics.accessCheckFailed();

    Scrape s = Scrape.of(metrics);

    String[] get = {"target", "books", "operation", "queryTableOrView", "http_code", "200"};
    assertThat(s.value(REQUESTS, get)).hasValue(3);
    assertThat(s.value(REQUESTS, "target", "books", "operation", "insertTable", "http_code", "201"))
        .hasValue(1);
    assertThat(
            s.value(REQUESTS, "target", "authors", "operation", "deleteTable", "http_code", "404"))
        .hasValue(1);
    assertThat(s.value("sqlite_rest_auth_failed_requests_total")).hasValue(2);
    assertThat(s.value("sqlite_rest_access_check_failed_requests_total")).hasValue(1);
    // cumulative buckets for 3 ms, 30 ms and 3000 ms
    assertThat(bucket(s, "1", get)).isEqualTo(0);
    assertThat(bucket(s, "5", get)).isEqualTo(1);
    assertThat(bucket(s, "25", get)).isEqualTo(1);
    assertThat(bucket(s, "50", get)).isEqualTo(2);
    assertThat(bucket(s, "1000", get)).isEqualTo(2);
    assertThat(bucket(s, "+Inf", get)).isEqualTo(3);
    assertThat(s.value(DURATION + "_count", get)).hasValue(3);
    assertThat(s.value(DURATION + "_sum", get)).hasValue(3033);
    // sqlite-rest's buckets (1, 10, 100, 500, 1000) are all there, plus the finer ones
    for (String le : new String[] {"1", "5", "10", "25", "50", "100", "250", "500", "1000"}) {
      assertThat(s.value(DURATION + "_bucket", withLe(get, le + ".0"))).as("le=" + le).isPresent();
    }
  }

  private static double bucket(Scrape s, String le, String[] labels) {
    String v = le.equals("+Inf") ? le : le + ".0";
    return s.value(DURATION + "_bucket", withLe(labels, v)).orElseThrow();
  }

  private static String[] withLe(String[] labels, String le) {
    String[] all = java.util.Arrays.copyOf(labels, labels.length + 2);
    all[labels.length] = "le";
    all[labels.length + 1] = le;
    return all;
  }

  @Test
  void requestCompleted_manyDistinctTargets_cappedIntoOther() throws Exception {
    Metrics metrics = Metrics.withoutJvm();
    for (int i = 0; i < Metrics.MAX_TARGETS + 5; i++) {
      metrics.requestCompleted("t" + i, Operation.QUERY_TABLE_OR_VIEW, 404, Duration.ZERO);
    }
    metrics.requestCompleted("t0", Operation.QUERY_TABLE_OR_VIEW, 404, Duration.ZERO);

    Scrape s = Scrape.of(metrics);

    assertThat(
            s.value(REQUESTS, "target", "t0", "operation", "queryTableOrView", "http_code", "404"))
        .hasValue(2);
    assertThat(
            s.value(
                REQUESTS, "target", "_other", "operation", "queryTableOrView", "http_code", "404"))
        .hasValue(5);
  }

  @Test
  void create_includesJvmMetrics() throws Exception {
    Scrape s = Scrape.of(Metrics.create());

    assertThat(s.types()).containsKey("jvm_memory_used_bytes").containsKey("jvm_threads_current");
    assertThat(s.value("jvm_memory_used_bytes", "area", "heap").orElseThrow()).isPositive();
  }

  @Test
  void create_jvmMetricsRegisteredAtTheFirstScrapeOnly() throws Exception {
    Metrics metrics = Metrics.create();
    Scrape.of(metrics);

    // a second registration would fail on the duplicate names
    assertThat(Scrape.of(metrics).types()).containsKey("jvm_threads_current");
  }

  @Test
  void refreshDatabaseSize_realDatabase_positiveRightAfterStart() throws Exception {
    try (Database db =
        Database.open(DatabaseOptions.defaults(dir.resolve("t.db")).withCreate(true))) {
      db.write(
          c -> {
            try (Statement st = c.createStatement()) {
              st.executeUpdate("CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT)");
              st.executeUpdate(
                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)"
                      + " INSERT INTO books (title) SELECT 'x' FROM n");
            }
            return null;
          });
      db.withWriter(
          c -> {
            try (Statement st = c.createStatement()) {
              st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            return null;
          });
      Metrics metrics = Metrics.withoutJvm();

      try (var refresher =
          metrics.refreshDatabaseSize(DatabaseSizeSource.of(db), Duration.ofSeconds(30))) {
        double size = Scrape.of(metrics).value("sqlite_rest_database_size_bytes").orElseThrow();
        assertThat(size).isPositive();
        assertThat(size % 4096).isZero();
      }
    }
  }

  @Test
  void refreshDatabaseSize_periodic_followsSourceAndSurvivesFailures() throws Exception {
    Metrics metrics = Metrics.withoutJvm();
    AtomicLong size = new AtomicLong(100);
    try (var refresher =
        metrics.refreshDatabaseSize(
            () -> {
              long v = size.get();
              if (v < 0) {
                throw new java.sql.SQLException("database is locked");
              }
              return v;
            },
            Duration.ofMillis(20))) {
      assertThat(Scrape.of(metrics).value("sqlite_rest_database_size_bytes")).hasValue(100);
      size.set(-1);
      Thread.sleep(60);
      assertThat(Scrape.of(metrics).value("sqlite_rest_database_size_bytes")).hasValue(100);
      size.set(8192);
      awaitSize(metrics, 8192);
    }
  }

  private static void awaitSize(Metrics metrics, double expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (Scrape.of(metrics).value("sqlite_rest_database_size_bytes").orElseThrow() != expected) {
      assertThat(System.nanoTime()).as("size reached " + expected).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void counterAndGauge_registeredByOtherComponents_appearInScrape() throws Exception {
    Metrics metrics = Metrics.withoutJvm();
    LabeledCounter errors =
        metrics.counter("sqlite_rest_replication_errors_total", "Replication errors", "operation");
    LabeledGauge txid = metrics.gauge("sqlite_rest_replication_txid", "TXID", "position");
    LabeledGauge lag = metrics.gauge("sqlite_rest_replication_lag_seconds", "Lag");

    errors.inc("upload");
    errors.inc(2, "upload");
    txid.set(42, "local");
    txid.set(40, "replica");
    lag.set(1.5);

    Scrape s = Scrape.of(metrics);
    assertThat(s.value("sqlite_rest_replication_errors_total", "operation", "upload")).hasValue(3);
    assertThat(s.value("sqlite_rest_replication_txid", "position", "local")).hasValue(42);
    assertThat(s.value("sqlite_rest_replication_txid", "position", "replica")).hasValue(40);
    assertThat(s.value("sqlite_rest_replication_lag_seconds")).hasValue(1.5);
    assertThat(txid.get("local")).isEqualTo(42);
  }

  @Test
  void counter_badNames_rejected() {
    Metrics metrics = Metrics.withoutJvm();
    assertThatThrownBy(() -> metrics.counter("replication_errors_total", "x"))
        .hasMessageContaining("must start with sqlite_rest_");
    assertThatThrownBy(() -> metrics.counter("sqlite_rest_replication_errors", "x"))
        .hasMessageContaining("must end with _total");
    metrics.gauge("sqlite_rest_replication_lag_seconds", "x");
    assertThatThrownBy(() -> metrics.gauge("sqlite_rest_replication_lag_seconds", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void operation_forTableMethod_matchesSqliteRestRoutes() {
    assertThat(Operation.forTableMethod("GET")).contains(Operation.QUERY_TABLE_OR_VIEW);
    assertThat(Operation.forTableMethod("HEAD")).contains(Operation.QUERY_TABLE_OR_VIEW);
    assertThat(Operation.forTableMethod("POST").orElseThrow().label()).isEqualTo("insertTable");
    assertThat(Operation.forTableMethod("PATCH").orElseThrow().label()).isEqualTo("updateTable");
    assertThat(Operation.forTableMethod("PUT").orElseThrow().label())
        .isEqualTo("updateSingleEntity");
    assertThat(Operation.forTableMethod("delete").orElseThrow().label()).isEqualTo("deleteTable");
    assertThat(Operation.forTableMethod("OPTIONS")).isEmpty();
  }
}
