package dev.sqliterest.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Builds {@link HttpResponseData} values with ordered, multi-valued headers and a row count. */
final class Responses {

  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private OptionalLong rows = OptionalLong.empty();

  Responses header(String name, String value) {
    headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    return this;
  }

  /** Rows the request returned or affected. */
  Responses rows(long value) {
    rows = OptionalLong.of(value);
    return this;
  }

  /**
   * {@code response} with {@code preference} added to its {@code Preference-Applied} list (one
   * header, comma-separated, as the engine writes it).
   */
  static HttpResponseData withPreferenceApplied(HttpResponseData response, String preference) {
    Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
    List<String> applied = headers.getOrDefault("Preference-Applied", List.of());
    headers.put(
        "Preference-Applied",
        List.of(applied.isEmpty() ? preference : String.join(", ", applied) + ", " + preference));
    return new HttpResponseData(response.status(), headers, response.body(), response.rows());
  }

  HttpResponseData build(int status, byte[] body) {
    return build(status, ResponseBody.of(body));
  }

  HttpResponseData build(int status, ResponseBody body) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return new HttpResponseData(status, copy, body, rows);
  }
}
