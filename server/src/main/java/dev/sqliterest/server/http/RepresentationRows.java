package dev.sqliterest.server.http;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Counts the rows in a write's {@code return=representation} body, for the access log: the elements
 * of a JSON array (one for a single object), or the records of a CSV body after its header line. A
 * scan over the bytes, no parsing into objects.
 */
final class RepresentationRows {

  private RepresentationRows() {}

  /** Rows in {@code body} of media type {@code contentType}; empty for no body or another type. */
  static OptionalLong count(String contentType, byte[] body) {
    if (body.length == 0) {
      return OptionalLong.empty();
    }
    String type = contentType.toLowerCase(java.util.Locale.ROOT);
    if (type.startsWith("text/csv")) {
      return OptionalLong.of(Math.max(0, csvRecords(body) - 1));
    }
    if (type.contains("json")) {
      return json(body);
    }
    return OptionalLong.empty();
  }

  private static OptionalLong json(byte[] body) {
    int i = 0;
    while (i < body.length && isSpace(body[i])) {
      i++;
    }
    if (i == body.length) {
      return OptionalLong.empty();
    }
    if (body[i] == '{') {
      return OptionalLong.of(1);
    }
    if (body[i] != '[') {
      return OptionalLong.empty();
    }
    long elements = 0;
    int depth = 0;
    boolean inString = false;
    boolean sawValue = false;
    for (; i < body.length; i++) {
      byte b = body[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
        continue;
      }
      switch (b) {
        case '"' -> {
          inString = true;
          sawValue |= depth == 1;
        }
        case '[', '{' -> {
          sawValue |= depth == 1;
          depth++;
        }
        case ']', '}' -> depth--;
        case ',' -> {
          if (depth == 1) {
            elements++;
          }
        }
        default -> sawValue |= depth == 1 && !isSpace(b);
      }
    }
    return OptionalLong.of(sawValue ? elements + 1 : 0);
  }

  /** Records in a CSV text (RFC 4180: line breaks inside quoted fields do not end a record). */
  private static long csvRecords(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    long records = 0;
    boolean quoted = false;
    boolean empty = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == '\n' && !quoted) {
        records += empty ? 0 : 1;
        empty = true;
      } else if (c != '\r') {
        empty = false;
      }
    }
    return records + (empty ? 0 : 1);
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
