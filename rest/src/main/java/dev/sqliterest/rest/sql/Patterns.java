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

  /** Whether SQLite's LIKE (which folds ASCII letters only) gives PostgreSQL's ILIKE result. */
  static boolean asciiOnly(String pattern) {
    return pattern.chars().allMatch(c -> c < 0x80);
  }

  /**
   * PG ILIKE to an anchored Java regex with Unicode case folding, for patterns with non-ASCII
   * letters (SQLite's LIKE would not fold {@code É}/{@code é}).
   */
  static String ilikeToRegex(String pattern) {
    StringBuilder out = new StringBuilder("(?ius)\\A");
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '%' || c == '*' || c == '_') {
        flushLiteral(out, literal);
        out.append(c == '_' ? "." : ".*");
      } else if (c == '\\' && i + 1 < pattern.length()) {
        literal.append(pattern.charAt(++i));
      } else {
        literal.append(c);
      }
    }
    flushLiteral(out, literal);
    return out.append("\\z").toString();
  }

  private static void flushLiteral(StringBuilder out, StringBuilder literal) {
    if (!literal.isEmpty()) {
      out.append(java.util.regex.Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }
}
