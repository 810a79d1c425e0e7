package dev.sqliterest.rest.sql;

/**
 * Translates PostgreSQL LIKE patterns (with PostgREST's {@code *} alias for {@code %}) into SQLite
 * patterns. SQLite's LIKE ignores ASCII case, so case-sensitive {@code like} becomes GLOB.
 */
final class Patterns {

  private Patterns() {}

  /** PG LIKE ({@code % _ \x}, and {@code *}) to GLOB ({@code * ?}, literals in brackets). */
  static String likeToGlob(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length() + 8);
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '%', '*' -> out.append('*');
        case '_' -> out.append('?');
        case '\\' -> {
          if (i + 1 < pattern.length()) {
            literal(out, pattern.charAt(++i));
          } else {
            literal(out, c);
          }
        }
        default -> literal(out, c);
      }
    }
    return out.toString();
  }

  private static void literal(StringBuilder out, char c) {
    switch (c) {
      case '*', '?', '[' -> out.append('[').append(c).append(']');
      default -> out.append(c);
    }
  }

  /** PG ILIKE to SQLite {@code LIKE … ESCAPE '\'}: only {@code *} needs translating. */
  static String ilikeToLike(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length());
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        out.append(c).append(pattern.charAt(++i));
      } else if (c == '*') {
        out.append('%');
      } else if (c == '\\') {
        out.append("\\\\");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
