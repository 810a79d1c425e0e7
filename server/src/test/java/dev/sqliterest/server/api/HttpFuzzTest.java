package dev.sqliterest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sqliterest.server.testing.RawHttp;
import dev.sqliterest.testing.Fuzz;
import dev.sqliterest.testing.PostgrestInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the whole HTTP stack (Jetty's parser, the adapter, authentication, the engine) over raw
 * sockets, with HS256 authentication on: PostgREST requests from {@link PostgrestInputs} plus an
 * Authorization header that is valid, expired, signed with another key, mangled, of another scheme,
 * with odd claims ({@code role} as a number, an object, empty; {@code exp} as text), {@code alg:
 * none}, or missing. Properties: no answer is a 5xx (503 busy excepted), and every error body is
 * PostgREST's JSON {@code {code, message, details, hint}} naming no Java exception.
 */
final class HttpFuzzTest {

  private static final byte[] SECRET =
      "fuzz-secret-fuzz-secret-fuzz-secret!".getBytes(StandardCharsets.UTF_8);
  private static final PostgrestInputs INPUTS =
      new PostgrestInputs(
          Map.of(
              "books", List.of("id", "title", "price", "year", "author_id", "tags"),
              "authors", List.of("id", "name", "born")),
          Map.of("books", List.of("authors"), "authors", List.of("books")));

  @TempDir Path dir;

  @Test
  void anyRequest_isAnsweredWithoutA5xx_errorsArePostgrestJson() throws Exception {
    Path secret = dir.resolve("secret");
    Files.write(secret, SECRET);
    String valid = JWT.create().withClaim("role", "editor").sign(Algorithm.HMAC256(SECRET));
    try (LiveServer server = LiveServer.withHmac(dir, Set.of("books", "authors"), secret, valid)) {
      server.sql(
          "CREATE TABLE authors(id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER)",
          "CREATE TABLE books(id INTEGER PRIMARY KEY, title TEXT, price REAL, year INTEGER,"
              + " author_id INTEGER REFERENCES authors(id), tags TEXT)",
          "INSERT INTO authors VALUES (1, 'Ann', 1950), (2, 'Bo', NULL)",
          "INSERT INTO books VALUES (1, 'One', 9.5, 2001, 1, '[\"x\"]'), (2, 'Two', 20, NULL, 2,"
              + " NULL)");
      int port = server.app.httpPort();
      Map<Integer, Integer> statuses = new ConcurrentSkipListMap<>();
      Fuzz.run(
          "http stack",
          2_000,
          r -> {
            PostgrestInputs.Request req = INPUTS.request(r);
            List<String[]> headers = new ArrayList<>(req.headers());
            String auth = authorization(r, valid);
            if (auth != null) {
              headers.add(new String[] {"Authorization", auth});
            }
            RawHttp.Response res =
                RawHttp.send(port, req.method(), req.target(), headers, req.body());
            statuses.merge(res.status(), 1, Integer::sum);
            String what =
                req + " [Authorization: " + auth + "] -> " + res.status() + " " + res.text();
            assertThat(res.status() < 500 || res.status() == 503).as(what).isTrue();
            if (res.status() >= 400 && res.body().length > 0) {
              JsonNode error = LiveServer.JSON.readTree(res.body());
              assertThat(
                      error.has("code")
                          && error.has("message")
                          && error.has("details")
                          && error.has("hint"))
                  .as("error shape: " + what)
                  .isTrue();
              assertThat(res.text()).as(what).doesNotContain("Exception").doesNotContain("java.");
            }
          });
      System.out.println("fuzz http stack: statuses " + statuses);
    }
  }

  /** An Authorization header value, or null for none. */
  private static String authorization(Random r, String valid) {
    return switch (r.nextInt(16)) {
      case 0, 1, 2, 3, 4, 5, 6, 7 -> "Bearer " + valid;
      case 8 -> null;
      case 9 -> "Bearer " + PostgrestInputs.mangle(r, valid);
      case 10 ->
          "Bearer "
              + JWT.create()
                  .withClaim("role", "editor")
                  .withExpiresAt(Instant.now().minusSeconds(3600))
                  .sign(Algorithm.HMAC256(SECRET));
      case 11 ->
          "Bearer "
              + JWT.create()
                  .withClaim("role", "x")
                  .sign(Algorithm.HMAC256("other-key-other-key-other-key-123"));
      case 12 -> "Bearer " + signed(r);
      case 13 -> "Bearer " + unsigned(r);
      case 14 ->
          pick(
              r,
              "Bearer",
              "Bearer ",
              "bearer " + valid,
              "Basic dXNlcjpwYXNz",
              "Bearer a.b.c",
              "Bearer " + "x".repeat(9000),
              "Bearer ..",
              "Bearer " + valid + " extra",
              "Token " + valid);
      default -> PostgrestInputs.mangle(r, "Bearer " + valid);
    };
  }

  /** A correctly signed token whose claims are odd: role of the wrong type, exp as text, … */
  private static String signed(Random r) {
    String payload =
        pick(
            r,
            "{\"role\":5}",
            "{\"role\":{\"a\":1}}",
            "{\"role\":[\"a\"]}",
            "{\"role\":\"\"}",
            "{\"role\":null}",
            "{\"exp\":\"tomorrow\"}",
            "{\"exp\":1e400}",
            "{\"nbf\":-1}",
            "{\"iat\":99999999999999999999}",
            "{\"aud\":[5]}",
            "{\"role\":\"" + "r".repeat(5000) + "\"}",
            "[]",
            "null",
            "1",
            "{",
            "{\"role\":\"\\ud800\"}");
    String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String body = b64(payload);
    String signature =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                Algorithm.HMAC256(SECRET)
                    .sign(
                        header.getBytes(StandardCharsets.US_ASCII),
                        body.getBytes(StandardCharsets.US_ASCII)));
    return header + "." + body + "." + signature;
  }

  /** A token with {@code alg: none} or a header that is not JSON. */
  private static String unsigned(Random r) {
    String header =
        pick(
            r,
            "{\"alg\":\"none\"}",
            "{\"alg\":\"HS256\",\"crit\":[\"x\"]}",
            "{",
            "null",
            "{\"alg\":5}");
    return b64(header) + "." + b64("{\"role\":\"editor\"}") + "." + pick(r, "", "abc", "!!!");
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }
}
