package dev.sqliterest.rest.grammar;

/** A read position in one query-string fragment, with the lexical rules shared by the parsers. */
final class Cursor {

  private final String input;
  private int pos;

  Cursor(String input) {
    this.input = input;
  }

  String input() {
    return input;
  }

  int pos() {
    return pos;
  }

  boolean atEnd() {
    return pos >= input.length();
  }

  char peek() {
    return input.charAt(pos);
  }

  boolean peekIs(char c) {
    return pos < input.length() && input.charAt(pos) == c;
  }

  boolean startsWith(String s) {
    return input.startsWith(s, pos);
  }

  boolean accept(char c) {
    if (peekIs(c)) {
      pos++;
      return true;
    }
    return false;
  }

  boolean accept(String s) {
    if (startsWith(s)) {
      pos += s.length();
      return true;
    }
    return false;
  }

  void expect(char c, String what) {
    if (!accept(c)) {
      throw error("expected \"" + c + "\" " + what);
    }
  }

  String rest() {
    String r = input.substring(pos);
    pos = input.length();
    return r;
  }

  void skipSpaces() {
    while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
      pos++;
    }
  }

  QueryParseError error(String message) {
    return new QueryParseError(message, input, pos);
  }

  /**
   * A name: either double-quoted ({@code \"} and {@code \\} escape) or a run of characters that are
   * not delimiters. Names are never trusted: they are later checked against the schema cache.
   */
  String name(String what) {
    if (peekIs('"')) {
      return quoted();
    }
    int start = pos;
    while (pos < input.length() && !isDelimiter(pos)) {
      pos++;
    }
    if (pos == start) {
      throw error("expected " + what);
    }
    return input.substring(start, pos).strip();
  }

  private boolean isDelimiter(int i) {
    char c = input.charAt(i);
    return switch (c) {
      case '.', ',', ':', '(', ')', '"', '!' -> true;
      case '-' -> i + 1 < input.length() && input.charAt(i + 1) == '>';
      default -> false;
    };
  }

  /** A double-quoted string starting at the cursor; returns its unescaped content. */
  String quoted() {
    int start = pos;
    expect('"', "to open a quoted value");
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (atEnd()) {
        pos = start;
        throw error("unterminated quoted value");
      }
      char c = input.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\' && pos < input.length()) {
        sb.append(input.charAt(pos++));
      } else {
        sb.append(c);
      }
    }
  }

  /** Characters up to (not including) the first of {@code stops} at this level, or the end. */
  String until(String stops) {
    int start = pos;
    while (pos < input.length() && stops.indexOf(input.charAt(pos)) < 0) {
      pos++;
    }
    return input.substring(start, pos);
  }
}
