package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sqliterest.rest.error.ApiException;
import dev.sqliterest.rest.request.ApiRequest;
import dev.sqliterest.rest.request.RequestReader;
import dev.sqliterest.testing.Fuzz;
import dev.sqliterest.testing.PostgrestInputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes what the API engine parses from a request: the PostgREST query string, the Prefer, Range,
 * Accept and Content-Type headers, and JSON and CSV bodies ({@link PostgrestInputs}: valid-looking
 * requests and mangled ones). Properties: parsing either succeeds or fails with the API's own
 * {@link ApiException} (a 4xx); a whole request through {@link RestApi}, SQL included, is never
 * answered with a 5xx (503 busy excepted), and every error is PostgREST's JSON {@code {code,
 * message, details, hint}} naming no Java exception.
 */
final class RestApiFuzzTest {

  private static final PostgrestInputs INPUTS =
      new PostgrestInputs(
          Map.of(
              "books", List.of("id", "title", "price", "year", "author_id", "data", "tags"),
              "authors", List.of("id", "name", "born", "meta"),
              "cheap_books", List.of("id", "title", "price"),
              "odd", List.of("co,l", "a.b", "x(y)", "sel ect")),
          Map.of("books", List.of("authors"), "authors", List.of("books")));

  @TempDir Path dir;

  @Test
  void requestParsing_succeedsOrFailsWithAnApiError() throws Exception {
    Fuzz.run(
        "request parsing",
        30_000,
        r -> {
          PostgrestInputs.Request req = INPUTS.request(r);
          ApiRequest.Method m =
              req.method().equals("OPTIONS")
                  ? ApiRequest.Method.GET
                  : ApiRequest.Method.valueOf(req.method());
          Map<String, List<String>> headers = headers(req);
          try {
            RequestReader.read(
                m,
                req.table(),
                req.query(),
                name -> headers.getOrDefault(name, List.of()),
                req.body(),
                true);
          } catch (ApiException e) {
            assertThat(e.error().status()).as("%s: %s", req, e.error()).isBetween(400, 499);
          }
        });
  }

  @Test
  void anyRequest_isAnsweredWithoutA5xx_errorsArePostgrestJson() throws Exception {
    try (ApiFixture api = new ApiFixture(dir)) {
      api.sql(
          "CREATE TABLE authors(id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER, meta TEXT)",
          "CREATE TABLE books(id INTEGER PRIMARY KEY, title TEXT, price REAL, year INTEGER,"
              + " author_id INTEGER REFERENCES authors(id), data BLOB, tags TEXT)",
          "CREATE VIEW cheap_books AS SELECT id, title, price FROM books WHERE price < 10",
          "CREATE TABLE odd(\"co,l\" TEXT, \"a.b\" INTEGER, \"x(y)\" TEXT, \"sel ect\" TEXT)",
          "INSERT INTO authors VALUES (1, 'Ann', 1950, '{\"a\":{\"b\":1}}'), (2, 'Bo', NULL, '[1,2]')",
          "INSERT INTO books VALUES (1, 'One', 9.5, 2001, 1, x'00ff', '[\"x\"]'),"
              + " (2, 'Two', 20, NULL, 2, NULL, 'not json'), (3, NULL, NULL, 1999, NULL, NULL, NULL)",
          "INSERT INTO odd VALUES ('a', 1, 'b', 'c')");
      Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
      Fuzz.run(
          "rest engine",
          10_000,
          r -> {
            PostgrestInputs.Request req = INPUTS.request(r);
            ApiFixture.Call call = api.call(req.method(), req.target());
            for (String[] h : req.headers()) {
              call.header(h[0], h[1]);
            }
            ApiFixture.Result res = call.body(req.body()).send();
            statuses.merge(res.status(), 1, Integer::sum);
            String what = req.toString();
            assertThat(res.status()).as(what + " -> " + res).isLessThan(500);
            if (res.status() >= 400 && !req.method().equals("HEAD")) {
              JsonNode error = res.json();
              assertThat(
                      error.has("code")
                          && error.has("message")
                          && error.has("details")
                          && error.has("hint"))
                  .as(what + " error shape: " + res)
                  .isTrue();
              assertThat(res.text()).as(what).doesNotContain("Exception").doesNotContain("java.");
            }
          });
      System.out.println("fuzz rest engine: statuses " + statuses);
    }
  }

  private static Map<String, List<String>> headers(PostgrestInputs.Request req) {
    Map<String, List<String>> out = new TreeMap<>();
    for (String[] h : req.headers()) {
      out.computeIfAbsent(h[0].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h[1]);
    }
    return out;
  }
}
