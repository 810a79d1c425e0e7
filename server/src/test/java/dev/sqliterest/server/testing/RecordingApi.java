package dev.sqliterest.server.testing;

import dev.sqliterest.rest.ApiHandler;
import dev.sqliterest.rest.HttpRequestData;
import dev.sqliterest.rest.HttpResponseData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A fake API engine that records every request and answers with a configurable function. */
public final class RecordingApi implements ApiHandler {

  public final List<HttpRequestData> requests = new CopyOnWriteArrayList<>();
  private volatile Function<HttpRequestData, HttpResponseData> answer = r -> json(200, "[]");

  public static HttpResponseData json(int status, String body, String... headerPairs) {
    Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json; charset=utf-8"));
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
    }
    return new HttpResponseData(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  public void answer(Function<HttpRequestData, HttpResponseData> value) {
    this.answer = value;
  }

  public HttpRequestData last() {
    return requests.getLast();
  }

  public void reset() {
    requests.clear();
    answer = r -> json(200, "[]");
  }

  @Override
  public HttpResponseData handle(HttpRequestData request) {
    requests.add(request);
    return answer.apply(request);
  }
}
