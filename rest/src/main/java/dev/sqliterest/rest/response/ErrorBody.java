package dev.sqliterest.rest.response;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sqliterest.rest.error.ApiError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Renders an {@link ApiError} as {@code {"code","message","details","hint"}}. */
public final class ErrorBody {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private ErrorBody() {}

  public static byte[] json(ApiError error) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("code", error.code());
      g.writeStringField("message", error.message());
      if (error.detailObjects() != null) {
        g.writeArrayFieldStart("details");
        for (Map<String, String> detail : error.detailObjects()) {
          g.writeStartObject();
          for (Map.Entry<String, String> e : detail.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      } else {
        g.writeStringField("details", error.details());
      }
      g.writeStringField("hint", error.hint());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
