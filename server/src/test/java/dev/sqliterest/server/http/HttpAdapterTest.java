package dev.sqliterest.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sqliterest.rest.HttpRequestData;
import dev.sqliterest.rest.HttpRequestData.Principal;
import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.rest.ResponseBody;
import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.auth.AuthenticationException;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.http.Exchange.Outcome;
import dev.sqliterest.server.testing.AuthFailures;
import dev.sqliterest.server.testing.Await;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.server.testing.RecordingApi;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The Jetty adapter against a fake engine: what the engine receives and what clients get. */
final class HttpAdapterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RecordingApi API = new RecordingApi();
  private static final List<Exchange> EXCHANGES = new CopyOnWriteArrayList<>();
  private static final Principal ALICE = new Principal("reader", Map.of("sub", "alice"));

  @TempDir static Path dir;
  private static App app;
  private static Http http;

  /** Accepts no header (anonymous) and "Bearer good"; anything else is refused. */
  private static Principal authenticate(Optional<String> header) throws AuthenticationException {
    if (header.isEmpty()) {
      return Principal.ANONYMOUS;
    }
    if (header.get().equals("Bearer good")) {
      return ALICE;
    }
    throw AuthFailures.reject("signature is invalid");
  }

  @BeforeAll
  static void start() throws Exception {
    ServeConfig config =
        ServeConfig.loopback(
                DatabaseOptions.defaults(dir.resolve("t.db")).withCreate(true), Set.of("books"))
            .withMaxBodyBytes(1024);
    app =
        App.start(
            config,
            Wiring.defaults()
                .withApi((db, c, p, d) -> API)
                .withAuthenticators(auth -> HttpAdapterTest::authenticate)
                .withExchangeListener(EXCHANGES::add));
    http = new Http(app.httpPort());
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  @BeforeEach
  void reset() {
    API.reset();
    EXCHANGES.clear();
  }

  @Test
  void get_engineReceivesMethodPathRawQueryHeadersAndPrincipal() {
    HttpResponse<String> response =
        http.get(
            "/books?select=id,title&title=eq.A%20B&order=id.desc",
            "Prefer", "count=exact", "Authorization", "Bearer good");

    assertThat(response.statusCode()).isEqualTo(200);
    HttpRequestData seen = API.last();
    assertThat(seen.method()).isEqualTo("GET");
    assertThat(seen.path()).isEqualTo("/books");
    assertThat(seen.rawQuery()).isEqualTo("select=id,title&title=eq.A%20B&order=id.desc");
    assertThat(seen.header("Prefer")).contains("count=exact");
    assertThat(seen.headers()).containsKey("prefer");
    assertThat(seen.body()).isEmpty();
    assertThat(seen.principal()).isEqualTo(ALICE);
  }

  @Test
  void get_percentEncodedUnicodeTableName_isDecodedInPath() {
    http.get("/%E4%B8%AD%E6%96%87%20t");

    assertThat(API.last().path()).isEqualTo("/中文 t");
    assertThat(API.last().rawQuery()).isEmpty();
  }

  @Test
  void post_bodyReachesEngine() {
    http.send(
        "POST",
        "/books",
        BodyPublishers.ofString("{\"id\":1}"),
        "Content-Type",
        "application/json");

    assertThat(API.last().method()).isEqualTo("POST");
    assertThat(new String(API.last().body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");
  }

  @Test
  void engineResponse_statusHeadersAndBodyPassThrough() {
    API.answer(r -> RecordingApi.json(206, "[{\"id\":1}]", "Content-Range", "0-0/5"));

    HttpResponse<String> response = http.get("/books");

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).isEqualTo("[{\"id\":1}]");
    assertThat(response.headers().firstValue("Content-Range")).contains("0-0/5");
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/json; charset=utf-8");
  }

  @Test
  void head_sendsHeadersAndLengthWithoutBody() {
    API.answer(r -> RecordingApi.json(200, "[{\"id\":1}]", "Content-Range", "0-0/*"));

    HttpResponse<String> response = http.head("/books");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("Content-Range")).contains("0-0/*");
    assertThat(response.headers().firstValue("Content-Length")).contains("10");
    assertThat(API.last().method()).isEqualTo("HEAD");
  }

  @Test
  void root_isTheEnginesAfterAuthentication() {
    assertThat(http.get("/", "Authorization", "Bearer bad").statusCode()).isEqualTo(401);
    assertThat(API.requests).isEmpty();

    http.get("/", "Authorization", "Bearer good");

    assertThat(API.last().path()).isEqualTo("/");
    assertThat(API.last().principal()).isEqualTo(ALICE);
  }

  @Test
  void nestedPaths_are404WithPostgrestJson() throws Exception {
    for (String path : List.of("/books/", "/books/1", "/rpc/fn")) {
      HttpResponse<String> response = http.get(path);

      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type"))
          .contains("application/json; charset=utf-8");
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("code").asText()).isEqualTo("PGRST125");
      assertThat(body.has("message") && body.has("details") && body.has("hint")).isTrue();
    }
    assertThat(API.requests).isEmpty();
  }

  @Test
  void bodyOverLimit_withContentLength_is413AndEngineNotCalled() throws Exception {
    HttpResponse<String> response =
        http.send("POST", "/books", BodyPublishers.ofString("x".repeat(1025)));

    assertThat(response.statusCode()).isEqualTo(413);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("code").asText()).isEqualTo("PGRST413");
    assertThat(body.get("message").asText()).isEqualTo("Payload Too Large");
    assertThat(body.get("details").asText()).contains("1025").contains("1024");
    assertThat(API.requests).isEmpty();
    assertThat(EXCHANGES.getLast().outcome()).isEqualTo(Outcome.BODY_TOO_LARGE);
    assertThat(EXCHANGES.getLast().target()).contains("books");
  }

  @Test
  void bodyOverLimit_chunked_is413() {
    byte[] big = new byte[4096];
    HttpResponse<String> response =
        http.send(
            "POST", "/books", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(API.requests).isEmpty();
  }

  @Test
  void bodyAtLimit_isAccepted() {
    HttpResponse<String> response =
        http.send("POST", "/books", BodyPublishers.ofString("y".repeat(1024)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(API.last().body()).hasSize(1024);
  }

  @Test
  void bodyWithContentLength_arrivingInPieces_isReadWhole() {
    List<byte[]> pieces = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pieces.add(String.valueOf(i).repeat(100).getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> response =
        http.send(
            "POST",
            "/books",
            BodyPublishers.fromPublisher(BodyPublishers.ofByteArrays(pieces), 800));

    assertThat(response.statusCode()).isEqualTo(200);
    StringBuilder expected = new StringBuilder();
    pieces.forEach(p -> expected.append(new String(p, StandardCharsets.UTF_8)));
    assertThat(new String(API.last().body(), StandardCharsets.UTF_8))
        .isEqualTo(expected.toString());
  }

  @Test
  void requestId_isEchoedWhenSaneAndGeneratedOtherwise() {
    HttpResponse<String> given = http.get("/books", "X-Request-Id", "abc-123");
    HttpResponse<String> generated = http.get("/books");
    HttpResponse<String> junk = http.get("/books", "X-Request-Id", "bad id with spaces");

    assertThat(given.headers().firstValue("X-Request-Id")).contains("abc-123");
    assertThat(generated.headers().firstValue("X-Request-Id").orElseThrow())
        .matches("[0-9a-f]{32}");
    assertThat(junk.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{32}");
    assertThat(EXCHANGES).extracting(Exchange::requestId).contains("abc-123");
  }

  @Test
  void cors_actualResponseExposesPostgrestHeaders() {
    HttpResponse<String> response = http.get("/books", "Origin", "https://app.example");

    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
        .contains("Content-Range", "Range-Unit", "Location", "Preference-Applied");
  }

  @Test
  void cors_preflightIsAnsweredWithoutEngine() {
    HttpResponse<String> response =
        http.send(
            "OPTIONS",
            "/books",
            BodyPublishers.noBody(),
            "Origin",
            "https://app.example",
            "Access-Control-Request-Method",
            "PATCH",
            "Access-Control-Request-Headers",
            "authorization,prefer");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS");
    assertThat(response.headers().firstValue("Access-Control-Allow-Headers"))
        .contains("authorization,prefer");
    assertThat(response.headers().firstValue("Access-Control-Max-Age")).contains("86400");
    assertThat(API.requests).isEmpty();
  }

  @Test
  void plainOptions_withoutPreflightHeaders_goesToEngine() {
    http.send("OPTIONS", "/books", BodyPublishers.noBody());

    assertThat(API.last().method()).isEqualTo("OPTIONS");
  }

  @Test
  void authFailure_is401WithChallengeAndEngineNotCalled() throws Exception {
    HttpResponse<String> response = http.get("/books", "Authorization", "Bearer forged");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer error=\"invalid_token\"");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("code").asText()).isEqualTo("PGRST301");
    assertThat(body.get("message").asText()).isEqualTo("Unauthorized");
    assertThat(body.get("hint").asText()).isEqualTo("signature is invalid");
    assertThat(API.requests).isEmpty();
    assertThat(EXCHANGES.getLast().outcome()).isEqualTo(Outcome.AUTH_FAILED);
  }

  @Test
  void engineThrows_is500JsonWithRequestId() throws Exception {
    API.answer(
        r -> {
          throw new IllegalStateException("boom");
        });

    HttpResponse<String> response = http.get("/books", "X-Request-Id", "req-500");

    assertThat(response.statusCode()).isEqualTo(500);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("code").asText()).isEqualTo("PGRSTX00");
    assertThat(body.get("message").asText()).isEqualTo("Internal server error");
    assertThat(body.get("details").asText()).contains("req-500");
    assertThat(body.toString()).doesNotContain("boom");
    assertThat(EXCHANGES.getLast().outcome()).isEqualTo(Outcome.INTERNAL_ERROR);
  }

  @Test
  void engineThrowsAnError_jettys500NamesNoJavaClass() throws Exception {
    API.answer(
        r -> {
          throw new StackOverflowError("deep");
        });

    HttpResponse<String> response = http.get("/books");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(response.body()).get("code").asText()).isEqualTo("HTTP500");
    assertThat(response.body()).doesNotContain("java.", "StackOverflow", "deep");
  }

  @Test
  void exchange_reportsTargetStatusRowsAndOutcome() {
    API.answer(r -> withRows(RecordingApi.json(200, "[1,2,3]", "Content-Range", "10-12/*"), 3));

    http.get("/books?limit=3");

    Exchange e = EXCHANGES.getLast();
    assertThat(e.method()).isEqualTo("GET");
    assertThat(e.path()).isEqualTo("/books");
    assertThat(e.target()).contains("books");
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.rows()).hasValue(3);
    assertThat(e.outcome()).isEqualTo(Outcome.API);
    assertThat(e.duration()).isPositive();
  }

  @Test
  void exchange_rowsComeFromTheResponseValue_neverFromItsHeadersOrBody() {
    API.answer(r -> withRows(RecordingApi.json(201, "[{\"id\":1}]", "Content-Range", "0-9/*"), 2));
    http.send("POST", "/books", BodyPublishers.ofString("[{},{}]"));
    assertThat(EXCHANGES.getLast().rows()).hasValue(2);

    API.answer(r -> RecordingApi.json(200, "[1,2,3]", "Content-Range", "0-2/*"));
    http.get("/books");
    assertThat(EXCHANGES.getLast().rows()).isEmpty();
  }

  private static HttpResponseData withRows(HttpResponseData response, long rows) {
    return new HttpResponseData(
        response.status(), response.headers(), response.body(), OptionalLong.of(rows));
  }

  @Test
  void longQueryString_upTo64KiB_reachesTheEngine() {
    String ids = "1" + ",1".repeat(15_000); // ~30 KB, like a long in.(...) list

    HttpResponse<String> response = http.get("/books?id=in.(" + ids + ")");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(API.last().rawQuery()).hasSize("id=in.()".length() + ids.length());
  }

  @Test
  void requestLineOverTheLimit_is414Json() throws Exception {
    String ids = "1" + ",1".repeat(40_000); // ~80 KB
    // a client of its own: Jetty closes the connection after a 414, which must not hit the
    // shared client's pooled connection in the next test
    java.net.http.HttpClient own = java.net.http.HttpClient.newHttpClient();

    HttpResponse<String> response =
        own.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        "http://127.0.0.1:" + app.httpPort() + "/books?id=in.(" + ids + ")"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(414);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/json; charset=utf-8");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("code").asText()).isEqualTo("HTTP414");
    assertThat(body.get("message").asText()).isEqualTo("URI Too Long");
    assertThat(API.requests).isEmpty();
  }

  @Test
  void clientLeavingMidStream_releasesTheBody_andIsNoWarning() throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    byte[] chunk = new byte[8192];
    API.answer(
        r ->
            new HttpResponseData(
                200,
                Map.of("Content-Type", List.of("application/json")),
                new ResponseBody.Streamed(
                    out -> {
                      for (int i = 0; i < 1 << 17; i++) { // 1 GiB: far past any socket buffer
                        out.write(chunk);
                      }
                    },
                    released::countDown),
                OptionalLong.empty()));
    Logger logger = (Logger) LoggerFactory.getLogger(ApiHttpHandler.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    Level level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    events.start();
    logger.addAppender(events);
    try {
      try (Socket client = new Socket("127.0.0.1", app.httpPort())) {
        client
            .getOutputStream()
            .write(
                "GET /books HTTP/1.1\r\nHost: t\r\nX-Request-Id: gone-1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        assertThat(client.getInputStream().readNBytes(4096)).hasSize(4096); // rows are flowing
        client.setSoLinger(true, 0); // close with a reset, as a killed client does
      }

      assertThat(released.await(30, TimeUnit.SECONDS)).as("the body released").isTrue();
      Await.until(Duration.ofSeconds(30), "the handler logs the cut", () -> !events.list.isEmpty());
      assertThat(events.list)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
                assertThat(e.getFormattedMessage())
                    .isEqualTo("request gone-1: the client left before the response ended");
              });
    } finally {
      logger.detachAppender(events);
      logger.setLevel(level);
    }
  }
}
