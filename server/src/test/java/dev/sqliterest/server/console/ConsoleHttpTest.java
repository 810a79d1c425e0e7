package dev.sqliterest.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sqliterest.server.testing.Await;
import dev.sqliterest.server.testing.Replicated;
import dev.sqliterest.testing.InProcessS3;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's page, files and status document over HTTP, and {@code --console=false}. */
final class ConsoleHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void pageAndFiles_needNoToken_andMayLoadNothingFromElsewhere() throws Exception {
    try (ConsoleServer server = new ConsoleServer(dir, c -> c)) {
      HttpResponse<String> page = server.http.get("/_console/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
          .startsWith("default-src 'none'; script-src 'self'");
      assertThat(page.body()).contains("<script src=\"console.js\"").doesNotContain("://");

      HttpResponse<String> script = server.http.get("/_console/console.js");
      assertThat(script.statusCode()).isEqualTo(200);
      assertThat(script.headers().firstValue("Content-Type"))
          .hasValue("text/javascript; charset=utf-8");
      assertThat(script.body()).contains("/_console/status").doesNotContain("https://");
      assertThat(server.http.get("/_console/console.css").statusCode()).isEqualTo(200);
      assertThat(server.http.get("/_console/console.css").body().length()).isLessThan(4096);

      HttpResponse<String> missing = server.http.get("/_console/nope.js");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(json(missing).get("code").asText()).isEqualTo("PGRST125");
      HttpResponse<String> post =
          server.http.send("POST", "/_console/", BodyPublishers.ofString("{}"));
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void status_isAuthenticated_andShowsReplication() throws Exception {
    try (ConsoleServer server = new ConsoleServer(dir, c -> c)) {
      HttpResponse<String> anonymous = server.http.get("/_console/status");
      assertThat(anonymous.statusCode()).isEqualTo(401);

      HttpResponse<String> status = server.http.get("/_console/status", server.bearer());
      assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
      assertThat(status.headers().firstValue("Cache-Control")).hasValue("no-store");
      JsonNode r = json(status).get("replication");
      assertThat(r.get("replicas").get(0).asText())
          .isEqualTo("file://" + dir.resolve("replica").toAbsolutePath().normalize());
      assertThat(r.get("localTxid").asLong()).isPositive();
      assertThat(r.get("replicaTxid").asLong()).isLessThanOrEqualTo(r.get("localTxid").asLong());
      assertThat(r.get("lagSeconds").isNumber()).isTrue();
      assertThat(r.get("healthy").asBoolean()).isTrue();
      assertThat(r.get("running").asBoolean()).isTrue();
      assertThat(r.get("recentErrors").isArray()).isTrue();
    }
  }

  @Test
  void status_namesAnS3ReplicaWithoutItsQuery_andShowsItsFailuresUntilItRecovers()
      throws Exception {
    try (InProcessS3 s3 = InProcessS3.start("bkt");
        ConsoleServer server =
            new ConsoleServer(
                dir,
                c -> c.withReplication(Optional.of(Replicated.fast(s3.url("bkt", "books")))))) {
      JsonNode caughtUp = awaitStatus(server, "the replica caught up", r -> caughtUp(r));
      assertThat(caughtUp.get("replicas").get(0).asText()).isEqualTo("s3://bkt/books");
      assertThat(caughtUp.get("recentErrors")).isEmpty();

      s3.stop();
      insertBook(server, 10);
      JsonNode failing =
          awaitStatus(
              server,
              "a failed upload, and unhealthy",
              r -> upload(r).isPresent() && !r.get("healthy").asBoolean());
      JsonNode error = upload(failing).orElseThrow();
      assertThat(error.get("message").asText()).contains("connection refused");
      assertThat(error.get("consecutive").asInt()).isPositive();
      assertThat(Instant.parse(error.get("time").asText())).isBeforeOrEqualTo(Instant.now());
      assertThat(failing.get("replicaTxid").asLong()).isLessThan(failing.get("localTxid").asLong());

      s3.restart();
      JsonNode recovered = awaitStatus(server, "the replica caught up again", r -> caughtUp(r));
      assertThat(recovered.get("recentErrors")).as("failures stay listed").isNotEmpty();
    }
  }

  private static Optional<JsonNode> upload(JsonNode r) {
    for (JsonNode e : r.get("recentErrors")) {
      if (e.get("operation").asText().equals("upload")) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static boolean caughtUp(JsonNode r) {
    return r.get("healthy").asBoolean()
        && r.get("replicaTxid").asLong() == r.get("localTxid").asLong();
  }

  private static void insertBook(ConsoleServer server, int id) {
    String[] headers = {
      "Authorization", "Bearer " + server.token, "Content-Type", "application/json"
    };
    HttpResponse<String> insert =
        server.http.send(
            "POST",
            "/books",
            BodyPublishers.ofString("{\"id\":" + id + ",\"title\":\"Persuasion\"}"),
            headers);
    assertThat(insert.statusCode()).as(insert.body()).isEqualTo(201);
  }

  /** Polls {@code /_console/status} until its replication object matches; returns that object. */
  private static JsonNode awaitStatus(ConsoleServer server, String what, Predicate<JsonNode> test) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    Await.until(
        Duration.ofSeconds(60),
        what,
        () -> {
          try {
            last.set(json(server.http.get("/_console/status", server.bearer())).get("replication"));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          return test.test(last.get());
        });
    return last.get();
  }

  @Test
  void withoutReplication_theStatusSaysSo() throws Exception {
    try (ConsoleServer server = new ConsoleServer(dir, c -> c.withReplication(Optional.empty()))) {
      HttpResponse<String> status = server.http.get("/_console/status", server.bearer());

      assertThat(status.body()).isEqualTo("{\"replication\":null}");
    }
  }

  @Test
  void consoleOff_itsPathsAreNotFound_andTablesStillServed() throws Exception {
    try (ConsoleServer server = new ConsoleServer(dir, c -> c.withConsole(false))) {
      HttpResponse<String> page = server.http.get("/_console/");
      assertThat(page.statusCode()).isEqualTo(404);
      assertThat(json(page).get("code").asText()).isEqualTo("PGRST125");
      assertThat(server.http.get("/_console/status", server.bearer()).statusCode()).isEqualTo(404);
      assertThat(server.http.get("/books?id=eq.2", server.bearer()).body())
          .contains("\"title\":\"Emma\"");
    }
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }
}
