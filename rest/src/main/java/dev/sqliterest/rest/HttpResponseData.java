package dev.sqliterest.rest;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.response.ErrorBody;
import dev.sqliterest.rest.response.JsonTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One HTTP response produced by the API engine (or by the transport for the errors it answers
 * itself).
 *
 * @param status HTTP status code
 * @param headers header values by header name, in the order they should be sent
 * @param body the body; for HEAD the transport sends none but keeps its length
 * @param rows rows a read returned or a write affected; empty for errors and when no rows apply.
 *     The access log and metrics take it from here, not from {@code Content-Range} or the body.
 */
public record HttpResponseData(
    int status, Map<String, List<String>> headers, ResponseBody body, OptionalLong rows) {

  /** The JSON content type of every error body. */
  public static final String JSON_TYPE = "application/json; charset=utf-8";

  /** A response without a row count (tests, preflights). */
  public HttpResponseData(int status, Map<String, List<String>> headers, byte[] body) {
    this(status, headers, ResponseBody.of(body), OptionalLong.empty());
  }

  /**
   * The one rendering of an error: {@code {code, message, details, hint}} as JSON ({@link
   * ErrorBody}), with {@code Retry-After: 1} on a 503.
   */
  public static HttpResponseData error(ApiError error) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of(JSON_TYPE));
    if (error.status() == 503) {
      headers.put("Retry-After", List.of("1"));
    }
    return new HttpResponseData(
        error.status(), headers, ResponseBody.of(ErrorBody.json(error)), OptionalLong.empty());
  }

  /**
   * A JSON document ({@link JsonTree}: maps, lists, strings, numbers, booleans, null) that must not
   * be cached.
   */
  public static HttpResponseData json(int status, Object document) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of(JSON_TYPE));
    headers.put("Cache-Control", List.of("no-store"));
    return new HttpResponseData(
        status, headers, ResponseBody.of(JsonTree.json(document)), OptionalLong.empty());
  }

  /** This response with one more header value. */
  public HttpResponseData withHeader(String name, String value) {
    Map<String, List<String>> copy = new LinkedHashMap<>(headers);
    List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
    values.add(value);
    copy.put(name, List.copyOf(values));
    return new HttpResponseData(status, copy, body, rows);
  }
}
