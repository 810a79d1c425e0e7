package dev.sqliterest.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random PostgREST requests for fuzzing: query strings built from the grammar (selects with
 * aliases, casts, JSON paths and embeds; filters with every operator, {@code not.}, lists and
 * nested {@code and}/{@code or}; order, limit, offset, on_conflict, columns), the headers the API
 * reads (Prefer, Range, Accept, Content-Type) and JSON or CSV bodies. A share of each is then
 * mangled byte by byte (special characters, percent-escapes of arbitrary bytes, cuts), so inputs
 * range from valid to nonsense.
 */
public final class PostgrestInputs {

  private static final String[] OPERATORS = {
    "eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch", "in", "is",
    "isdistinct", "fts", "plfts", "phfts", "wfts", "cs", "cd", "ov", "sl", "sr", "nxl", "nxr",
    "adj", "all", "any", "bogus"
  };
  private static final String[] VALUES = {
    "1",
    "0",
    "-1",
    "2.5",
    "1e308",
    "1e999",
    "-0",
    "9223372036854775807",
    "9223372036854775808",
    "null",
    "true",
    "false",
    "unknown",
    "",
    "abc",
    "a*b",
    "*",
    "%",
    "_",
    "'",
    "\"a,b\"",
    "\\",
    "é",
    "😀",
    "\u0000",
    "(1,2,3)",
    "(\"a\",\"b\")",
    "()",
    "{1,2}",
    "[1]",
    "^a.*$",
    "(a+)+$",
    "[",
    "a\\\\b",
    "2024-01-01",
    " "
  };
  private static final String[] CASTS = {"text", "int", "integer", "real", "numeric", "json", "x"};
  private static final String[] SPECIALS = {
    "(", ")", ",", ".", ":", "::", "\"", "'", "\\", "%", "%2", "%zz", "%00", "%FF", "%C3%28", "*",
    "&", "=", "!", "-", ">", "->", "->>", "<", "{", "}", "[", "]", "~", "^", "$", "|", " ", "+",
    "\t", "é", "\uFFFF"
  };
  private static final String[] PREFER = {
    "return=representation",
    "return=minimal",
    "return=headers-only",
    "return=bogus",
    "count=exact",
    "count=planned",
    "count=estimated",
    "count=",
    "resolution=merge-duplicates",
    "resolution=ignore-duplicates",
    "resolution=x",
    "missing=default",
    "missing=null",
    "tx=commit",
    "tx=rollback",
    "handling=strict",
    "handling=lenient",
    "max-affected=1",
    "max-affected=-5",
    "params=single-object",
    "timezone=UTC",
    "=",
    ";",
    "junk"
  };
  private static final String[] ACCEPT = {
    "application/json",
    "text/csv",
    "application/vnd.pgrst.object+json",
    "application/vnd.pgrst.object",
    "application/vnd.pgrst.plan+json",
    "application/geo+json",
    "*/*",
    "text/*",
    "application/*",
    "application/json;q=0.5, text/csv",
    "text/plain",
    "application/octet-stream",
    ";",
    "application/json; charset=utf-8",
    "x/y/z",
    ""
  };
  private static final String[] CONTENT_TYPES = {
    "application/json",
    "text/csv",
    "application/x-www-form-urlencoded",
    "application/json; charset=utf-8",
    "application/json; charset=utf-16",
    "text/plain",
    "application/vnd.pgrst.object+json",
    "multipart/form-data",
    ";",
    ""
  };
  private static final String[] RANGES = {
    "0-9",
    "0-0",
    "5-",
    "-5",
    "10-2",
    "a-b",
    "0-99999999999999999999",
    "99999999999999999999-",
    "items=0-9",
    "0-9,20-29",
    "",
    "-",
    "1-1-1",
    " 0 - 9 "
  };

  /** One generated request; {@code body} is empty for reads. */
  public record Request(
      String method, String table, String query, List<String[]> headers, byte[] body) {

    /** The request target, {@code /table?query}. */
    public String target() {
      return "/" + table + (query.isEmpty() ? "" : "?" + query);
    }

    public boolean hasBody() {
      return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder(method).append(' ').append(target());
      for (String[] h : headers) {
        b.append(" [").append(h[0]).append(": ").append(h[1]).append(']');
      }
      return b.append(" body ").append(new String(body, StandardCharsets.UTF_8)).toString();
    }
  }

  private final Map<String, List<String>> columnsByTable;
  private final Map<String, List<String>> embedsByTable;
  private final List<String> tables;
  private List<String> columns = List.of();
  private List<String> embeds = List.of();

  /**
   * @param columnsByTable the tables and views the server serves, with their columns
   * @param embedsByTable for each table, the tables a foreign key lets it embed
   */
  public PostgrestInputs(
      Map<String, List<String>> columnsByTable, Map<String, List<String>> embedsByTable) {
    this.columnsByTable = columnsByTable;
    this.embedsByTable = embedsByTable;
    this.tables = List.copyOf(new java.util.TreeSet<>(columnsByTable.keySet()));
  }

  /**
   * A random request: mostly well-formed against one served table (its columns, its embeds), with a
   * share of unknown names and of mangled query strings, headers and bodies. Not thread-safe.
   */
  public Request request(Random r) {
    String method =
        pick(r, "GET", "GET", "GET", "HEAD", "POST", "POST", "PATCH", "PUT", "DELETE", "OPTIONS");
    String table =
        r.nextInt(12) == 0
            ? pick(r, "nope", "", "a/b", "%20", "\"x\"", "sqlite_master")
            : pick(r, tables);
    columns = columnsByTable.getOrDefault(table, List.of("id"));
    embeds = embedsByTable.getOrDefault(table, List.of());
    boolean csv = r.nextInt(4) == 0;
    String query = query(r);
    List<String[]> headers = headers(r, csv);
    boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    byte[] body = read ? new byte[0] : csv ? csvBody(r) : jsonBody(r);
    return new Request(method, table, query, headers, body);
  }

  /** A query string (still percent-encoded as sent). */
  private String query(Random r) {
    List<String> params = new ArrayList<>();
    for (int k = r.nextInt(5); k > 0; k--) {
      params.add(param(r));
    }
    String q = String.join("&", params);
    return r.nextInt(5) == 0 ? mangle(r, q) : q;
  }

  private String param(Random r) {
    return switch (r.nextInt(9)) {
      case 0, 1 -> "select=" + select(r, 0);
      case 2, 3, 4 -> column(r) + "=" + filter(r);
      case 5 -> pick(r, "and", "or", "not.and", "not.or") + "=" + logic(r, 0);
      case 6 -> "order=" + order(r);
      case 7 ->
          pick(r, "limit", "offset")
              + "="
              + pick(r, "0", "1", "2", "10", "100", "-1", "x", "99999999999999999999", "");
      default ->
          pick(r, "on_conflict", "columns")
              + "="
              + column(r)
              + (r.nextBoolean() ? "," + column(r) : "");
    };
  }

  private String column(Random r) {
    return switch (r.nextInt(12)) {
      case 0 -> "\"" + pick(r, columns) + "\"";
      case 1 -> r.nextBoolean() ? word(r) : pick(r, columnsByTable.get(pick(r, tables)));
      case 2 -> pick(r, columns) + pick(r, "->a", "->>a", "->0", "->>'k'", "->a->>b");
      default -> pick(r, columns);
    };
  }

  private String select(Random r, int depth) {
    List<String> items = new ArrayList<>();
    for (int k = 1 + r.nextInt(3); k > 0; k--) {
      items.add(
          switch (r.nextInt(12)) {
            case 0 -> "*";
            case 1 -> word(r) + ":" + column(r);
            case 2 -> column(r) + "::" + pick(r, CASTS);
            case 3 ->
                depth < 3
                    ? (r.nextBoolean() ? "" : word(r) + ":")
                        + embed(r)
                        + pick(r, "", "", "", "", "!inner", "!left", "!fk", "!" + word(r))
                        + "("
                        + select(r, depth + 1)
                        + ")"
                    : "*";
            case 4 -> "..." + embed(r) + "(*)";
            default -> column(r);
          });
    }
    return String.join(",", items);
  }

  private String embed(Random r) {
    return embeds.isEmpty() || r.nextInt(6) == 0 ? pick(r, tables) : pick(r, embeds);
  }

  private String filter(Random r) {
    String op = pick(r, OPERATORS);
    String value =
        switch (op) {
          case "in" -> "(" + pick(r, VALUES) + "," + pick(r, VALUES) + ")";
          case "is" -> pick(r, "null", "true", "false", "unknown", "x");
          default -> pick(r, VALUES);
        };
    return (r.nextInt(5) == 0 ? "not." : "")
        + op
        + (op.endsWith("fts") && r.nextBoolean() ? "(english)" : "")
        + (r.nextInt(8) == 0 ? pick(r, "(any)", "(all)") : "")
        + "."
        + percent(r, value);
  }

  private String logic(Random r, int depth) {
    List<String> parts = new ArrayList<>();
    for (int k = 1 + r.nextInt(3); k > 0; k--) {
      parts.add(
          depth < 4 && r.nextInt(3) == 0
              ? pick(r, "and", "or", "not.and", "not.or") + logic(r, depth + 1)
              : column(r) + "." + filter(r));
    }
    return "(" + String.join(",", parts) + ")";
  }

  private String order(Random r) {
    List<String> parts = new ArrayList<>();
    for (int k = 1 + r.nextInt(2); k > 0; k--) {
      parts.add(
          column(r)
              + pick(r, "", ".asc", ".desc", ".asc", ".desc", ".x")
              + pick(r, "", ".nullsfirst", ".nullslast", ".nulls"));
    }
    return String.join(",", parts);
  }

  /** Header name to value: Prefer, Range, Range-Unit, Accept and Content-Type, each sometimes. */
  private List<String[]> headers(Random r, boolean csvBody) {
    List<String[]> h = new ArrayList<>();
    if (r.nextInt(3) == 0) {
      List<String> prefs = new ArrayList<>();
      for (int k = 1 + r.nextInt(3); k > 0; k--) {
        prefs.add(pick(r, PREFER));
      }
      h.add(
          new String[] {
            "Prefer", maybeMangle(r, String.join(pick(r, ", ", ",", "; ", " "), prefs))
          });
    }
    if (r.nextInt(5) == 0) {
      h.add(new String[] {"Range", maybeMangle(r, pick(r, RANGES))});
      if (r.nextBoolean()) {
        h.add(new String[] {"Range-Unit", pick(r, "items", "bytes", "", "x")});
      }
    }
    if (r.nextInt(3) == 0) {
      h.add(new String[] {"Accept", maybeMangle(r, pick(r, ACCEPT))});
    }
    String contentType = csvBody ? "text/csv" : "application/json";
    if (r.nextInt(6) == 0) {
      contentType = maybeMangle(r, pick(r, CONTENT_TYPES));
    }
    h.add(new String[] {"Content-Type", contentType});
    return h;
  }

  /** A JSON body (object or array of objects), sometimes broken. */
  private byte[] jsonBody(Random r) {
    if (r.nextInt(15) == 0) {
      return nesting(r);
    }
    String json = r.nextBoolean() ? object(r, 0) : array(r);
    return r.nextInt(4) == 0
        ? mangleBytes(r, json.getBytes(StandardCharsets.UTF_8))
        : json.getBytes(StandardCharsets.UTF_8);
  }

  private String array(Random r) {
    List<String> rows = new ArrayList<>();
    for (int k = r.nextInt(4); k > 0; k--) {
      rows.add(r.nextInt(10) == 0 ? jsonValue(r, 1) : object(r, 0));
    }
    return "[" + String.join(",", rows) + "]";
  }

  private String object(Random r, int depth) {
    List<String> fields = new ArrayList<>();
    for (int k = r.nextInt(5); k > 0; k--) {
      String key = r.nextInt(6) == 0 ? word(r) : pick(r, columns);
      fields.add(quote(key) + ":" + jsonValue(r, depth + 1));
    }
    return "{" + String.join(",", fields) + "}";
  }

  private String jsonValue(Random r, int depth) {
    return switch (r.nextInt(depth > 3 ? 7 : 9)) {
      case 0 -> Long.toString(r.nextLong());
      case 1 ->
          pick(
              r,
              "1e400",
              "-0",
              "0.1",
              "9223372036854775808",
              "-1.5e-400",
              "123456789012345678901234567890");
      case 2 -> quote(pick(r, VALUES) + word(r));
      case 3 -> pick(r, "true", "false", "null");
      case 4 -> quote("x".repeat(r.nextInt(3000)));
      case 5 -> Integer.toString(r.nextInt(100));
      case 6 -> quote(pick(r, "\\u0000", "\\ud800", "\\\"", "\\\\", "é", "😀"));
      case 7 -> object(r, depth);
      default -> "[" + jsonValue(r, depth + 1) + "," + jsonValue(r, depth + 1) + "]";
    };
  }

  private static byte[] nesting(Random r) {
    int depth = 500 + r.nextInt(5000);
    String open = r.nextBoolean() ? "[" : "{\"a\":";
    return (open.repeat(depth) + "1").getBytes(StandardCharsets.UTF_8);
  }

  /** A CSV body: a header of column names and rows of values, sometimes ragged or broken. */
  private byte[] csvBody(Random r) {
    StringBuilder b = new StringBuilder();
    if (r.nextInt(10) == 0) {
      b.append('\uFEFF');
    }
    int n = 1 + r.nextInt(4);
    List<String> header = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      header.add(r.nextInt(8) == 0 ? word(r) : pick(r, columns));
    }
    b.append(String.join(",", header)).append(pick(r, "\n", "\r\n"));
    for (int row = r.nextInt(4); row > 0; row--) {
      int cells = r.nextInt(8) == 0 ? r.nextInt(6) : n;
      List<String> values = new ArrayList<>();
      for (int i = 0; i < cells; i++) {
        values.add(
            switch (r.nextInt(5)) {
              case 0 -> "\"" + pick(r, VALUES).replace("\"", "\"\"") + "\"";
              case 1 -> "\"a\nb\"";
              case 2 -> "NULL";
              default -> pick(r, VALUES).replace(",", "").replace("\n", "");
            });
      }
      b.append(String.join(",", values)).append(pick(r, "\n", "\r\n", ""));
    }
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    return r.nextInt(4) == 0 ? mangleBytes(r, bytes) : bytes;
  }

  private String maybeMangle(Random r, String s) {
    return r.nextInt(4) == 0 ? mangle(r, s) : s;
  }

  /** Inserts, deletes and replaces characters with the grammar's specials and random ones. */
  public static String mangle(Random r, String s) {
    StringBuilder b = new StringBuilder(s);
    for (int k = 1 + r.nextInt(4); k > 0; k--) {
      int at = b.isEmpty() ? 0 : r.nextInt(b.length() + 1);
      switch (r.nextInt(4)) {
        case 0 -> b.insert(at, pick(r, SPECIALS));
        case 1 -> {
          if (at < b.length()) {
            b.deleteCharAt(at);
          }
        }
        case 2 -> b.insert(at, (char) (32 + r.nextInt(95)));
        default -> b.insert(at, "%" + String.format("%02X", r.nextInt(256)));
      }
    }
    return b.toString();
  }

  private static byte[] mangleBytes(Random r, byte[] bytes) {
    if (bytes.length == 0) {
      return new byte[] {(byte) r.nextInt(256)};
    }
    byte[] b = bytes.clone();
    for (int k = 1 + r.nextInt(3); k > 0; k--) {
      b[r.nextInt(b.length)] = (byte) r.nextInt(256);
    }
    return r.nextInt(3) == 0 ? java.util.Arrays.copyOf(b, r.nextInt(b.length)) : b;
  }

  private static String percent(Random r, String value) {
    StringBuilder b = new StringBuilder();
    for (byte x : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xff);
      if (Character.isLetterOrDigit(c) && c < 128
          || c == '.'
          || c == '-'
          || c == '*'
          || (r.nextInt(6) == 0 && c >= 32 && c < 127 && c != '&' && c != '#')) {
        b.append(c);
      } else {
        b.append('%').append(String.format("%02X", x & 0xff));
      }
    }
    return b.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String word(Random r) {
    int n = 1 + r.nextInt(8);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append((char) ('a' + r.nextInt(26)));
    }
    return b.toString();
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }

  private static <T> T pick(Random r, List<T> options) {
    return options.get(r.nextInt(options.size()));
  }
}
