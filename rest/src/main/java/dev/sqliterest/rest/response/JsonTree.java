package dev.sqliterest.rest.response;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Renders a tree of plain values ({@link Map} with string keys, {@link List}, {@link String},
 * {@link Number}, {@link Boolean}, null) as JSON, for the small documents other modules answer with
 * (they have no JSON library of their own).
 */
public final class JsonTree {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private JsonTree() {}

  public static byte[] json(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    switch (value) {
      case null -> g.writeNull();
      case String s -> g.writeString(s);
      case Boolean b -> g.writeBoolean(b);
      case Integer i -> g.writeNumber(i);
      case Long l -> g.writeNumber(l);
      case Double d -> g.writeNumber(d);
      case Map<?, ?> m -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          g.writeFieldName((String) e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case List<?> l -> {
        g.writeStartArray();
        for (Object o : l) {
          write(g, o);
        }
        g.writeEndArray();
      }
      default ->
          throw new IllegalArgumentException(
              "not a JSON value: " + value.getClass().getSimpleName());
    }
  }
}
