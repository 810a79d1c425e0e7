package dev.sqliterest.rest.request;

import dev.sqliterest.rest.error.ApiError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Splits and percent-decodes {@code application/x-www-form-urlencoded} text, keeping order. */
public final class QueryString {

  private QueryString() {}

  /** Key/value pairs in order; {@code +} is a space, as URLSearchParams (postgrest-js) sends. */
  public static List<Map.Entry<String, String>> parse(String raw) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    if (raw == null || raw.isEmpty()) {
      return pairs;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String key = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      pairs.add(new SimpleImmutableEntry<>(decode(key), decode(value)));
    }
    return pairs;
  }

  static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out.write(' ');
      } else if (c == '%' && hex(s, i + 1) >= 0 && hex(s, i + 2) >= 0) {
        out.write(hex(s, i + 1) * 16 + hex(s, i + 2));
        i += 2;
      } else if (c == '%') {
        throw ApiError.parse("query string", "malformed percent-encoding in \"" + s + "\"")
            .exception();
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.writeBytes(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(String s, int i) {
    return i < s.length() ? Character.digit(s.charAt(i), 16) : -1;
  }
}
