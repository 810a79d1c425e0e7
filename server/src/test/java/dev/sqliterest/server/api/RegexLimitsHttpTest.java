package dev.sqliterest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * A hostile {@code match}/{@code imatch} pattern over real HTTP: a 400 that says what to change,
 * never a 500 or a Java exception name, and the server keeps answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class RegexLimitsHttpTest {

  private LiveServer server;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    server = LiveServer.withoutAuth(dir, Set.of("notes"));
    server.sql(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
        "INSERT INTO notes (body) VALUES (printf('%.*c', 3000, 'x'))",
        "UPDATE notes SET body = replace(body, 'x', 'ab') WHERE id = 1",
        "INSERT INTO notes (body) VALUES ('short')");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"match", "imatch", "not.match"})
  void pathologicalPattern_is400WithAClearMessage_loggedAtWarn(String operator) {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.sqliterest.sqlite.RegexpFunction");
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    String query = "body=" + operator + "." + "^((ab)|(a)(b))*\\1$";
    HttpResponse<String> r =
        server.get(
            "/notes?" + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("%3D", "="));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode body = LiveServer.json(r);
    assertThat(body.get("code").asText()).isEqualTo("2201B");
    assertThat(body.get("message").asText())
        .startsWith("the regular expression needs too much backtracking");
    assertThat(r.body()).doesNotContain("java.", "Error", "Exception");
    assertThat(server.get("/notes?select=id&body=eq.short").body()).isEqualTo("[{\"id\":2}]");
    logger.detachAppender(logged);
    // once: a failed query is not run again by another renderer
    assertThat(logged.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage()).startsWith("regexp abandoned");
            });
  }
}
