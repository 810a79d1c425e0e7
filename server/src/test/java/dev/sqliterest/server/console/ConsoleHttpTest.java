package dev.sqliterest.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
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
