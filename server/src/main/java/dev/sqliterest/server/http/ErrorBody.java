package dev.sqliterest.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sqliterest.rest.HttpResponseData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgREST-style error body ({@code code, message, details, hint}, all four keys always present)
 * for the errors the adapter answers itself: 401, 404, 413, 500 and 503.
 */
record ErrorBody(String code, String message, String details, String hint) {

  static final String JSON = "application/json; charset=utf-8";
  private static final JsonFactory JSON_FACTORY = JsonFactory.builder().build();

  /** The response with this body, {@code status} and the extra headers (name, value pairs). */
  HttpResponseData toResponse(int status, String... headerPairs) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of(JSON));
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
    }
    return new HttpResponseData(status, headers, json());
  }

  byte[] json() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("code", code);
      g.writeStringField("message", message);
      g.writeStringField("details", details);
      g.writeStringField("hint", hint);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("write error body", e);
    }
    return out.toByteArray();
  }
}
