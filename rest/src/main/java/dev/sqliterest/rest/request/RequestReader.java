package dev.sqliterest.rest.request;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.grammar.Condition;
import dev.sqliterest.rest.grammar.OrderTerm;
import dev.sqliterest.rest.grammar.QueryParseError;
import dev.sqliterest.rest.grammar.QueryParser;
import dev.sqliterest.rest.grammar.SelectItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the parts of an HTTP request into an {@link ApiRequest}; every mistake is an ApiError. */
public final class RequestReader {

  /** {@code first-[last]} of a Range header (after {@code items=}); up to 18 digits fit a long. */
  private static final Pattern RANGE = Pattern.compile("(\\d{1,18})\\s*-\\s*(\\d{0,18})");

  /**
   * The query parameters that are not filters (the switch in {@link #read}); a column with one of
   * these names cannot be filtered by name, as in PostgREST.
   */
  public static final Set<String> RESERVED_PARAMETERS =
      Set.of(
          "select",
          "order",
          "limit",
          "offset",
          "columns",
          "on_conflict",
          "and",
          "or",
          "not.and",
          "not.or");

  private RequestReader() {}

  /**
   * Parses one request.
   *
   * @param headers all values of a header by lower-case name (empty list when absent)
   * @param plans whether the server gives execution plans ({@code Accept:
   *     application/vnd.pgrst.plan}); they are offered for reads only
   */
  public static ApiRequest read(
      ApiRequest.Method method,
      String table,
      String rawQuery,
      Function<String, List<String>> headers,
      byte[] body,
      boolean plans) {
    List<SelectItem> select = List.of(new SelectItem.Star());
    List<Condition> filters = new ArrayList<>();
    List<OrderTerm> order = List.of();
    Long limit = null;
    long offset = 0;
    List<String> columns = null;
    List<String> onConflict = null;
    Map<List<String>, EmbedQuery.Builder> embeds = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> param : QueryString.parse(rawQuery)) {
      String key = param.getKey();
      String value = param.getValue();
      try {
        switch (key) {
          case "select" -> select = QueryParser.select(value);
          case "order" -> order = QueryParser.order(value);
          case "limit" -> limit = nonNegative("limit", value);
          case "offset" -> offset = nonNegative("offset", value);
          case "columns" -> columns = names(value);
          case "on_conflict" -> onConflict = names(value);
          case "and", "or", "not.and", "not.or" -> filters.add(QueryParser.logic(key, value));
          default -> {
            if (!embedParameter(key, value, embeds)) {
              filters.add(QueryParser.filter(QueryParser.filterKey(key), value));
            }
          }
        }
      } catch (QueryParseError e) {
        throw ApiError.parse(what(key), e.getMessage()).exception();
      }
    }
    long[] range = range(method, headers, offset, limit);
    Preferences prefs = Preferences.parse(headers.apply("prefer"));
    if (prefs.strict() && !prefs.invalid().isEmpty()) {
      throw new ApiError(
              400,
              "PGRST122",
              "Invalid preferences given with handling=strict",
              "Invalid preferences: " + String.join(", ", prefs.invalid()),
              null)
          .exception();
    }
    MediaType.Choice accept =
        MediaType.negotiate(first(headers, "accept"), plans && method.isRead());
    Payload payload = null;
    if (method == ApiRequest.Method.POST
        || method == ApiRequest.Method.PATCH
        || method == ApiRequest.Method.PUT) {
      payload = PayloadReader.read(first(headers, "content-type"), body);
    }
    return new ApiRequest(
        method,
        table,
        select,
        filters,
        order,
        range[0],
        range[1] < 0 ? OptionalLong.empty() : OptionalLong.of(range[1]),
        prefs,
        accept,
        columns,
        onConflict,
        payload,
        embeds.values().stream().map(EmbedQuery.Builder::build).toList());
  }

  /**
   * Reads {@code emb[.emb…].order|limit|offset|and|or|not.and|not.or|column} into {@code embeds};
   * returns false for a key without an embed path (a top-level filter).
   */
  private static boolean embedParameter(
      String key, String value, Map<List<String>, EmbedQuery.Builder> embeds) {
    if (key.startsWith("\"") || key.indexOf('.') < 0) {
      return false;
    }
    String beforeArrow = key.contains("->") ? key.substring(0, key.indexOf("->")) : key;
    int lastDot = beforeArrow.lastIndexOf('.');
    if (lastDot < 0) {
      return false;
    }
    String head = key.substring(0, lastDot);
    String last = key.substring(lastDot + 1);
    String kind = last;
    if ((last.equals("and") || last.equals("or")) && head.endsWith(".not")) {
      head = head.substring(0, head.length() - 4);
      kind = "not." + last;
    }
    if (head.isEmpty()) {
      return false;
    }
    List<String> path = List.of(head.split("\\."));
    EmbedQuery.Builder b = embeds.computeIfAbsent(path, EmbedQuery.Builder::new);
    switch (kind) {
      case "order" -> b.order = QueryParser.order(value);
      case "limit" -> b.limit = nonNegative(key, value);
      case "offset" -> b.offset = nonNegative(key, value);
      case "and", "or", "not.and", "not.or" -> b.filters.add(QueryParser.logic(kind, value));
      default -> b.filters.add(QueryParser.filter(QueryParser.filterKey(last), value));
    }
    return true;
  }

  private static String first(Function<String, List<String>> headers, String name) {
    List<String> v = headers.apply(name);
    return v == null || v.isEmpty() ? null : v.getFirst();
  }

  private static String what(String key) {
    return switch (key) {
      case "select" -> "select parameter (" + key + ")";
      case "order" -> "order parameter (" + key + ")";
      case "and", "or", "not.and", "not.or" -> "logic tree (" + key + ")";
      default -> "filter (" + key + ")";
    };
  }

  private static long nonNegative(String name, String value) {
    long n;
    try {
      n = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw ApiError.parse(name + " parameter", "\"" + value + "\" is not an integer").exception();
    }
    if (n < 0) {
      throw ApiError.range(
              "Requested range not satisfiable", name + " must be zero or positive, got " + n)
          .exception();
    }
    return n;
  }

  /** {@code a,b} or postgrest-js's {@code "a","b"}. */
  private static List<String> names(String value) {
    List<String> names = new ArrayList<>();
    for (String part : value.split(",")) {
      String n = part.strip();
      if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) {
        n = n.substring(1, n.length() - 1);
      }
      if (!n.isEmpty()) {
        names.add(n);
      }
    }
    return names;
  }

  /**
   * Intersects the {@code offset}/{@code limit} window with the {@code Range} header (GET and HEAD
   * only, as PostgREST); returns {offset, limit or -1}. A malformed header is ignored; a header
   * whose lower bound exceeds its upper bound is 416.
   */
  private static long[] range(
      ApiRequest.Method method, Function<String, List<String>> headers, long offset, Long limit) {
    long lo = offset;
    long hi = limit == null ? Long.MAX_VALUE : (limit == 0 ? offset - 1 : offset + limit - 1);
    String header = method.isRead() ? first(headers, "range") : null;
    if (header != null) {
      String h = header.strip().toLowerCase(Locale.ROOT);
      if (h.startsWith("items=")) {
        h = h.substring(6);
      }
      // PostgREST ignores a Range header it cannot parse
      Matcher m = RANGE.matcher(h);
      if (m.matches()) {
        long a = Long.parseLong(m.group(1));
        long b = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
        if (a > b) {
          throw ApiError.range(
                  "Requested range not satisfiable",
                  "The lower boundary must be lower than or equal to the upper boundary in the"
                      + " Range header.")
              .exception();
        }
        lo = Math.max(lo, a);
        hi = Math.min(hi, b);
      }
    }
    if (hi == Long.MAX_VALUE) {
      return new long[] {lo, -1};
    }
    return new long[] {lo, Math.max(0, hi - lo + 1)};
  }
}
