package dev.sqliterest.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.server.testing.RecordingApi;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.OutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin listener: /live, /ready with the readiness conditions, and plugged-in endpoints. */
final class AdminHttpTest {

  @TempDir Path dir;

  private static final AdminEndpoint FAKE_METRICS =
      new AdminEndpoint() {
        @Override
        public String path() {
          return "/custom";
        }

        @Override
        public String contentType() {
          return "text/plain; version=0.0.4; charset=utf-8";
        }

        @Override
        public void write(OutputStream out) throws java.io.IOException {
          out.write("sqlite_rest_up 1\n".getBytes(StandardCharsets.UTF_8));
        }
      };

  private App start(ServeConfig config) throws Exception {
    return App.start(
        config,
        Wiring.defaults()
            .withApi((db, c, p, d) -> new RecordingApi())
            .withAdminEndpoint(FAKE_METRICS));
  }

  private ServeConfig config() {
    return ServeConfig.loopback(
        DatabaseOptions.defaults(dir.resolve("a.db")).withCreate(true), Set.of());
  }

  @Test
  void liveAndReady_areOkOnceStarted() throws Exception {
    try (App app = start(config())) {
      Http admin = new Http(app.adminPort().orElseThrow());

      assertThat(admin.get("/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = admin.get("/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
    }
  }

  @Test
  void ready_is503WhilePendingConditionsRemain() throws Exception {
    try (App app = start(config())) {
      Http admin = new Http(app.adminPort().orElseThrow());
      app.readiness().require("restore");

      HttpResponse<String> notReady = admin.get("/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).isEqualTo("{\"status\":\"not ready\",\"pending\":[\"restore\"]}");
      assertThat(admin.get("/live").statusCode()).isEqualTo(200);

      app.readiness().satisfy("restore");
      assertThat(admin.get("/ready").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void pluggedEndpoint_isServedWithItsContentType() throws Exception {
    try (App app = start(config())) {
      HttpResponse<String> custom = new Http(app.adminPort().orElseThrow()).get("/custom");

      assertThat(custom.statusCode()).isEqualTo(200);
      assertThat(custom.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/plain; version=0.0.4");
      assertThat(custom.body()).isEqualTo("sqlite_rest_up 1\n");
    }
  }

  @Test
  void metrics_servesSqliteRestFamiliesCountingApiRequests() throws Exception {
    try (App app = start(config())) {
      new Http(app.httpPort()).get("/books");
      new Http(app.httpPort()).get("/books");

      HttpResponse<String> metrics = new Http(app.adminPort().orElseThrow()).get("/metrics");

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains(
              "sqlite_rest_http_requests_total{http_code=\"200\",operation=\"queryTableOrView\","
                  + "target=\"books\"} 2")
          .contains("sqlite_rest_database_size_bytes")
          .contains("jvm_");
    }
  }

  @Test
  void unknownPathAndMethod_areJsonErrors() throws Exception {
    try (App app = start(config())) {
      Http admin = new Http(app.adminPort().orElseThrow());

      HttpResponse<String> missing = admin.get("/nope");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("\"code\":\"PGRST125\"").contains("/metrics", "/custom");
      assertThat(admin.send("POST", "/ready", BodyPublishers.noBody()).statusCode()).isEqualTo(405);
    }
  }

  @Test
  void apiPort_sendsLiveToTheEngineAsATableName() throws Exception {
    RecordingApi api = new RecordingApi();
    try (App app = App.start(config(), Wiring.defaults().withApi((db, c, p, d) -> api))) {
      new Http(app.httpPort()).get("/live");

      assertThat(api.last().path()).isEqualTo("/live");
    }
  }

  @Test
  void emptyMetricsAddr_disablesTheAdminListener() throws Exception {
    try (App app = start(config().withMetricsAddr(Optional.empty()))) {
      assertThat(app.adminPort()).isEmpty();
      assertThat(new Http(app.httpPort()).get("/books").statusCode()).isEqualTo(200);
    }
  }
}
