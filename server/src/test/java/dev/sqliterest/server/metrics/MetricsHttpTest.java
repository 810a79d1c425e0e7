package dev.sqliterest.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black box: the real server with an HMAC secret file (sqlite-rest's README secret "topsecret"),
 * known requests (ok, 401s, a 403, a key rotation on disk), then {@code /metrics} scraped from the
 * admin port and parsed: every sqlite-rest family holds exactly the expected values.
 */
final class MetricsHttpTest {

  private static final String REQUESTS = "sqlite_rest_http_requests_total";

  @TempDir Path dir;

  @Test
  void knownRequests_exactValuesInScrape() throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "topsecret");
    Path db = dir.resolve("test.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT)");
      st.executeUpdate("INSERT INTO books (title) VALUES ('Dune'), ('Emma')");
      st.executeUpdate("CREATE TABLE secrets (id INTEGER PRIMARY KEY)");
    }
    ServeConfig config =
        ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("books"))
            .withAuth(Optional.of(AuthOptions.hmac(secret)));
    try (App app = App.start(config, Wiring.defaults())) {
      Http api = new Http(app.httpPort());
      String token = JWT.create().withClaim("role", "reader").sign(Algorithm.HMAC256("topsecret"));
      String expired =
          JWT.create()
              .withExpiresAt(Instant.now().minusSeconds(120))
              .sign(Algorithm.HMAC256("topsecret"));
      String auth = "Bearer " + token;

      assertThat(api.get("/books?select=id", "Authorization", auth).statusCode()).isEqualTo(200);
      assertThat(api.get("/books?select=title", "Authorization", auth).statusCode()).isEqualTo(200);
      HttpResponse<String> insert =
          api.send(
              "POST",
              "/books",
              BodyPublishers.ofString("{\"title\":\"Ulysses\"}"),
              "Authorization",
              auth,
              "Content-Type",
              "application/json");
      assertThat(insert.statusCode()).isEqualTo(201);
      HttpResponse<String> missing = api.get("/books?select=id");
      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(missing.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(missing.body()).contains("Unauthorized", "missing auth header");
      HttpResponse<String> stale =
          api.get("/books?select=id", "Authorization", "Bearer " + expired);
      assertThat(stale.statusCode()).isEqualTo(401);
      assertThat(stale.body()).contains("token has expired");
      assertThat(api.get("/secrets?select=id", "Authorization", auth).statusCode()).isEqualTo(403);

      // rotate the secret on disk: within a second the old token stops working, the new one works
      Files.writeString(secret, "a-much-longer-secret-of-32-bytes!");
      Files.setLastModifiedTime(secret, FileTime.from(Instant.now().plusSeconds(5)));
      Thread.sleep(1_200);
      String rotated = JWT.create().sign(Algorithm.HMAC256("a-much-longer-secret-of-32-bytes!"));
      assertThat(api.get("/books?select=id", "Authorization", auth).statusCode()).isEqualTo(401);
      assertThat(api.get("/books?select=id", "Authorization", "Bearer " + rotated).statusCode())
          .isEqualTo(200);

      Scrape s = Scrape.parse(new Http(app.adminPort().orElseThrow()).get("/metrics").body());

      String[] get = {"target", "books", "operation", "queryTableOrView", "http_code", "200"};
      assertThat(s.value(REQUESTS, get)).hasValue(3);
      assertThat(
              s.value(REQUESTS, "target", "books", "operation", "insertTable", "http_code", "201"))
          .hasValue(1);
      assertThat(s.value("sqlite_rest_http_request_duration_milliseconds_count", get)).hasValue(3);
      assertThat(
              s.value(
                  "sqlite_rest_http_request_duration_milliseconds_bucket",
                  "target",
                  "books",
                  "operation",
                  "queryTableOrView",
                  "http_code",
                  "200",
                  "le",
                  "+Inf"))
          .hasValue(3);
      assertThat(s.value("sqlite_rest_auth_failed_requests_total")).hasValue(3);
      assertThat(s.value("sqlite_rest_access_check_failed_requests_total")).hasValue(1);
      assertThat(s.series().keySet()).noneMatch(k -> k.contains("target=\"secrets\""));
      assertThat(s.value("sqlite_rest_database_size_bytes").orElseThrow()).isPositive();
      assertThat(s.types()).containsKey("jvm_memory_used_bytes");
    }
  }

  @Test
  void oversizedBody_413_countedLikeOtherStatuses() throws Exception {
    Path db = dir.resolve("test.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT)");
    }
    ServeConfig config =
        ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of("books")).withMaxBodyBytes(1024);
    try (App app = App.start(config, Wiring.defaults())) {
      Http api = new Http(app.httpPort());
      HttpResponse<String> big =
          api.send(
              "POST",
              "/books",
              BodyPublishers.ofString("{\"title\":\"" + "x".repeat(2048) + "\"}"),
              "Content-Type",
              "application/json");
      assertThat(big.statusCode()).isEqualTo(413);
      HttpResponse<String> xml =
          api.send(
              "POST", "/books", BodyPublishers.ofString("<a/>"), "Content-Type", "application/xml");
      assertThat(xml.statusCode()).isEqualTo(415);

      Scrape s = Scrape.parse(new Http(app.adminPort().orElseThrow()).get("/metrics").body());

      assertThat(
              s.value(REQUESTS, "target", "books", "operation", "insertTable", "http_code", "413"))
          .hasValue(1);
      assertThat(
              s.value(REQUESTS, "target", "books", "operation", "insertTable", "http_code", "415"))
          .hasValue(1);
      assertThat(
              s.value(
                  "sqlite_rest_http_request_duration_milliseconds_count",
                  "target",
                  "books",
                  "operation",
                  "insertTable",
                  "http_code",
                  "413"))
          .hasValue(1);
    }
  }

  @Test
  void madeUpTargets_shareOneLabelValue() throws Exception {
    Path db = dir.resolve("test.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT)");
    }
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "roles:\n  anon:\n    \"*\": [read, insert]\n");
    ServeConfig config =
        ServeConfig.loopback(DatabaseOptions.defaults(db), Set.of())
            .withPolicyFile(Optional.of(policy))
            .withMaxBodyBytes(64);
    try (App app = App.start(config, Wiring.defaults())) {
      Http api = new Http(app.httpPort());
      for (int i = 0; i < 20; i++) {
        assertThat(api.get("/zz_nonexistent_" + i).statusCode()).isEqualTo(404);
        HttpResponse<String> big =
            api.send(
                "POST",
                "/zz_big_" + i,
                BodyPublishers.ofString("{\"title\":\"" + "x".repeat(100) + "\"}"),
                "Content-Type",
                "application/json");
        assertThat(big.statusCode()).isEqualTo(413);
      }
      assertThat(api.get("/books").statusCode()).isEqualTo(200);

      Scrape s = Scrape.parse(new Http(app.adminPort().orElseThrow()).get("/metrics").body());

      assertThat(s.series().keySet()).noneMatch(k -> k.contains("zz_"));
      assertThat(
              s.value(
                  REQUESTS,
                  "target",
                  "_other",
                  "operation",
                  "queryTableOrView",
                  "http_code",
                  "404"))
          .hasValue(20);
      assertThat(
              s.value(REQUESTS, "target", "_other", "operation", "insertTable", "http_code", "413"))
          .hasValue(20);
      assertThat(
              s.value(
                  REQUESTS, "target", "books", "operation", "queryTableOrView", "http_code", "200"))
          .hasValue(1);
    }
  }
}
