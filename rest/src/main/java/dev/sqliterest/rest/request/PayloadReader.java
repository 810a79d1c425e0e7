package dev.sqliterest.rest.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.sqliterest.rest.error.ApiError;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parses request bodies (JSON, CSV, form-urlencoded) into a {@link Payload}. */
public final class PayloadReader {

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();

  private PayloadReader() {}

  /** Parses {@code body} according to {@code contentType} (absent means JSON); 415 otherwise. */
  public static Payload read(String contentType, byte[] body) {
    String type =
        contentType == null
            ? "application/json"
            : contentType.split(";", -1)[0].strip().toLowerCase(Locale.ROOT); // -1: ";" alone too
    return switch (type) {
      case "application/json", "" -> json(body);
      case "text/csv" -> CsvPayload.read(new String(body, StandardCharsets.UTF_8));
      case "application/x-www-form-urlencoded" -> form(body);
      default ->
          throw new ApiError(
                  415,
                  "PGRST102",
                  "Content-Type not acceptable: " + contentType,
                  "supported: application/json, text/csv, application/x-www-form-urlencoded",
                  null)
              .exception();
    };
  }

  static Payload json(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken t = p.nextToken();
      List<Map<String, Object>> rows = new ArrayList<>();
      ShapedRows shaped = new ShapedRows();
      boolean array;
      if (t == JsonToken.START_OBJECT) {
        array = false;
        rows.add(object(p, shaped));
      } else if (t == JsonToken.START_ARRAY) {
        array = true;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t != JsonToken.START_OBJECT) {
            throw invalid("expected a JSON object in the array", p);
          }
          rows.add(object(p, shaped));
        }
      } else {
        if (t == null) {
          // no token at all: there is no position to name, say what to send instead
          throw ApiError.invalidBody(
                  "Empty or invalid json",
                  "the request body is empty; send a JSON object or an array of objects")
              .exception();
        }
        throw invalid("expected a JSON object or array", p);
      }
      if (p.nextToken() != null) {
        throw invalid("unexpected data after the JSON value", p);
      }
      return of(rows, array);
    } catch (JsonParseException e) {
      throw ApiError.invalidBody(
              "Empty or invalid json",
              "malformed JSON" + position(e.getLocation()) + ": " + e.getOriginalMessage())
          .exception();
    } catch (IOException e) {
      throw ApiError.invalidBody("Empty or invalid json", e.getMessage()).exception();
    }
  }

  private static RuntimeException invalid(String what, JsonParser p) {
    return ApiError.invalidBody("Empty or invalid json", what + position(p.currentTokenLocation()))
        .exception();
  }

  /** " at byte N (line L, column C)", or "" when the parser does not know where it was. */
  private static String position(com.fasterxml.jackson.core.JsonLocation at) {
    if (at == null || at.getByteOffset() < 0) {
      return "";
    }
    return " at byte "
        + at.getByteOffset()
        + " (line "
        + at.getLineNr()
        + ", column "
        + at.getColumnNr()
        + ")";
  }

  private static Map<String, Object> object(JsonParser p, ShapedRows rows) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      Object value =
          switch (v) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> 1;
            case VALUE_FALSE -> 0;
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT ->
                p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? p.getText()
                    : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case START_OBJECT, START_ARRAY -> nestedJson(p);
            default -> throw invalid("unexpected token " + v, p);
          };
      rows.field(key, value);
    }
    return rows.finishObject();
  }

  /** Nested objects and arrays are stored as JSON text (SQLite's JSON functions read it). */
  private static String nestedJson(JsonParser p) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return out.toString();
  }

  private static Payload form(byte[] body) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (Map.Entry<String, String> e :
        QueryString.parse(new String(body, StandardCharsets.UTF_8))) {
      row.putIfAbsent(e.getKey(), e.getValue());
    }
    return of(List.of(row), false);
  }

  static Payload of(List<Map<String, Object>> rows, boolean array) {
    Set<String> keys = new LinkedHashSet<>();
    boolean uniform = true;
    Set<String> first = rows.isEmpty() ? Set.of() : rows.getFirst().keySet();
    for (Map<String, Object> row : rows) {
      keys.addAll(row.keySet());
      uniform &= row.keySet().equals(first);
    }
    return new Payload(rows, array, keys, uniform);
  }
}
