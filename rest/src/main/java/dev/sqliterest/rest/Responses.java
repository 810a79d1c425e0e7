package dev.sqliterest.rest;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.response.ErrorBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link HttpResponseData} values with ordered, multi-valued headers. */
final class Responses {

  static final String JSON_TYPE = "application/json; charset=utf-8";

  private final Map<String, List<String>> headers = new LinkedHashMap<>();

  Responses header(String name, String value) {
    headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    return this;
  }

  HttpResponseData build(int status, byte[] body) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return new HttpResponseData(status, copy, body);
  }

  static HttpResponseData error(ApiError error) {
    Responses r = new Responses().header("Content-Type", JSON_TYPE);
    if (error.status() == 503) {
      r.header("Retry-After", "1");
    }
    return r.build(error.status(), ErrorBody.json(error));
  }
}
