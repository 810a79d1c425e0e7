package dev.sqliterest.rest.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser for PostgREST's query-string language. Each entry point parses one
 * already percent-decoded query parameter.
 *
 * <p>Implementation notes: grammar after PostgREST's {@code QueryParams.hs}. Inside logic trees and
 * lists, values containing {@code , . : ( )} must be double-quoted; top-level filter values are
 * taken verbatim.
 */
public final class QueryParser {

  /** Deepest {@code and(…)}/{@code or(…)} nesting accepted; keeps recursion bounded. */
  public static final int MAX_LOGIC_DEPTH = 32;

  private QueryParser() {}

  /**
   * Parses {@code select=} ({@code *}, {@code alias:col}, {@code col->a->>b}, {@code col::type}).
   */
  public static List<SelectItem> select(String input) {
    Cursor c = new Cursor(input);
    List<SelectItem> items = selectList(c, 0);
    if (!c.atEnd()) {
      throw c.error("unexpected \"" + c.peek() + "\"");
    }
    return items;
  }

  private static List<SelectItem> selectList(Cursor c, int depth) {
    List<SelectItem> items = new ArrayList<>();
    do {
      c.skipSpaces();
      items.add(selectItem(c, depth));
      c.skipSpaces();
    } while (c.accept(','));
    return items;
  }

  private static SelectItem selectItem(Cursor c, int depth) {
    if (c.accept('*')) {
      return new SelectItem.Star();
    }
    if (c.accept("...")) {
      String relation = c.name("a relation after ...");
      if (c.peekIs(':')) {
        throw c.error("a spread embed takes no alias: its keys become the parent's");
      }
      if (!c.peekIs('(') && !c.peekIs('!')) {
        throw c.error("expected \"(\" after the spread relation");
      }
      return embed(c, null, relation, true, depth);
    }
    String first = c.name("a column name");
    String alias = null;
    if (c.peekIs(':') && !c.startsWith("::")) {
      c.accept(':');
      alias = first;
      c.skipSpaces();
      first = c.name("a column name after the alias");
    }
    if (first.equals("count") && c.accept("()")) {
      String cast = c.accept("::") ? c.name("a type name after ::") : null;
      c.skipSpaces();
      return new SelectItem.Count(alias, cast);
    }
    if (c.peekIs('(') || c.peekIs('!')) {
      return embed(c, alias, first, false, depth);
    }
    Field field = jsonPath(c, first);
    String cast = null;
    if (c.accept("::")) {
      cast = c.name("a type name after ::");
    }
    SelectItem.Aggregate aggregate = null;
    String aggregateCast = null;
    if (c.accept('.')) {
      int at = c.pos();
      String function = c.name("an aggregate function after .");
      aggregate =
          Arrays.stream(SelectItem.Aggregate.values())
              .filter(a -> a.token().equals(function))
              .findFirst()
              .orElseThrow(
                  () ->
                      new QueryParseError(
                          "unknown aggregate function \""
                              + function
                              + "\" (avg, count, max, min, sum)",
                          c.input(),
                          at));
      c.expect('(', "after the aggregate function");
      c.expect(')', "after the aggregate function: it takes no arguments");
      if (c.accept("::")) {
        aggregateCast = c.name("a type name after ::");
      }
    }
    c.skipSpaces();
    return new SelectItem.Column(alias, field, cast, aggregate, aggregateCast);
  }

  /**
   * {@code [alias:]relation[!hint][!inner|!left](items)}: at most one relationship hint and one
   * join hint, in either order.
   */
  private static SelectItem embed(
      Cursor c, String alias, String relation, boolean spread, int depth) {
    if (depth >= MAX_LOGIC_DEPTH) {
      throw c.error("embeds may nest at most " + MAX_LOGIC_DEPTH + " levels");
    }
    String hint = null;
    SelectItem.Join join = null;
    while (c.accept('!')) {
      int at = c.pos();
      String h = c.name("an embed hint after !");
      if (h.equals("inner") || h.equals("left")) {
        if (join != null) {
          throw new QueryParseError("only one of !inner and !left may be given", c.input(), at);
        }
        join = h.equals("inner") ? SelectItem.Join.INNER : SelectItem.Join.LEFT;
      } else if (hint != null) {
        throw new QueryParseError("only one relationship hint may be given", c.input(), at);
      } else {
        hint = h;
      }
    }
    c.expect('(', "to open the embedded select");
    List<SelectItem> items =
        c.peekIs(')') ? List.of(new SelectItem.Star()) : selectList(c, depth + 1);
    c.expect(')', "to close the embedded select");
    c.skipSpaces();
    return new SelectItem.Embed(
        alias, relation, hint, join == null ? SelectItem.Join.LEFT : join, spread, items);
  }

  /** Parses {@code order=} terms separated by commas. */
  public static List<OrderTerm> order(String input) {
    Cursor c = new Cursor(input);
    List<OrderTerm> terms = new ArrayList<>();
    do {
      c.skipSpaces();
      Field field = jsonPath(c, c.name("a column name"));
      if (c.peekIs('(')) {
        throw c.error("ordering by embedded resources is not supported");
      }
      OrderTerm.Direction direction = OrderTerm.Direction.ASC;
      OrderTerm.Nulls nulls = OrderTerm.Nulls.DEFAULT;
      boolean directionSeen = false;
      while (c.accept('.')) {
        int at = c.pos();
        String word = c.until(".,").strip();
        switch (word) {
          case "asc", "desc" -> {
            if (directionSeen || nulls != OrderTerm.Nulls.DEFAULT) {
              throw new QueryParseError("unexpected \"" + word + "\"", input, at);
            }
            directionSeen = true;
            direction = word.equals("asc") ? OrderTerm.Direction.ASC : OrderTerm.Direction.DESC;
          }
          case "nullsfirst", "nullslast" -> {
            if (nulls != OrderTerm.Nulls.DEFAULT) {
              throw new QueryParseError("unexpected \"" + word + "\"", input, at);
            }
            nulls = word.equals("nullsfirst") ? OrderTerm.Nulls.FIRST : OrderTerm.Nulls.LAST;
          }
          default ->
              throw new QueryParseError(
                  "expected asc, desc, nullsfirst or nullslast, got \"" + word + "\"", input, at);
        }
      }
      c.skipSpaces();
      terms.add(new OrderTerm(field, direction, nulls));
    } while (c.accept(','));
    if (!c.atEnd()) {
      throw c.error("unexpected \"" + c.peek() + "\"");
    }
    return terms;
  }

  /** Parses a filter key (a column with an optional JSON path), e.g. {@code data->a->>b}. */
  public static Field filterKey(String key) {
    Cursor c = new Cursor(key);
    Field field = jsonPath(c, c.name("a column name"));
    if (!c.atEnd()) {
      throw c.error(
          c.peekIs('.')
              ? "filters on embedded resources are not supported"
              : "unexpected \"" + c.peek() + "\"");
    }
    return field;
  }

  /** Parses the value of a top-level filter {@code key=[not.]op.value}. */
  public static Condition.Filter filter(Field field, String value) {
    Cursor c = new Cursor(value);
    Condition.Filter filter = operation(c, field, false);
    if (!c.atEnd()) {
      throw c.error("unexpected \"" + c.peek() + "\" after the value");
    }
    return filter;
  }

  /**
   * Parses a logic tree parameter: {@code key} is {@code and}, {@code or}, {@code not.and} or
   * {@code not.or}, {@code value} the parenthesised list.
   */
  public static Condition.Logic logic(String key, String value) {
    boolean negated = key.startsWith("not.");
    String kind = negated ? key.substring(4) : key;
    Cursor c = new Cursor(value);
    Condition.Logic tree = logicBody(c, negated, kind.equals("or"), 1);
    if (!c.atEnd()) {
      throw c.error("unexpected \"" + c.peek() + "\" after the logic tree");
    }
    return tree;
  }

  private static Condition.Logic logicBody(Cursor c, boolean negated, boolean or, int depth) {
    if (depth > MAX_LOGIC_DEPTH) {
      throw c.error("logic trees may nest at most " + MAX_LOGIC_DEPTH + " levels");
    }
    c.expect('(', "to open the logic tree");
    List<Condition> children = new ArrayList<>();
    do {
      children.add(logicItem(c, depth));
    } while (c.accept(','));
    c.expect(')', "to close the logic tree");
    return new Condition.Logic(negated, or, children);
  }

  private static Condition logicItem(Cursor c, int depth) {
    for (String prefix : List.of("and(", "or(", "not.and(", "not.or(")) {
      if (c.startsWith(prefix)) {
        boolean negated = prefix.startsWith("not.");
        c.accept(prefix.substring(0, prefix.length() - 1));
        return logicBody(c, negated, prefix.contains("or("), depth + 1);
      }
    }
    Field field = jsonPath(c, c.name("a column name"));
    c.expect('.', "after the column name");
    return operation(c, field, true);
  }

  private static Condition.Filter operation(Cursor c, Field field, boolean nested) {
    boolean negated = c.accept("not.");
    int opAt = c.pos();
    String token = c.until(".(,)");
    Operator op =
        Operator.fromToken(token)
            .orElseThrow(
                () -> new QueryParseError("unknown operator \"" + token + "\"", c.input(), opAt));
    Condition.Quantifier quantifier = Condition.Quantifier.NONE;
    if (c.accept('(')) {
      String modifier = c.until(")");
      c.expect(')', "after the operator modifier");
      if (op.quantifiable() && (modifier.equals("any") || modifier.equals("all"))) {
        quantifier = modifier.equals("any") ? Condition.Quantifier.ANY : Condition.Quantifier.ALL;
      } else if (!op.fullText()) {
        throw new QueryParseError("unexpected modifier \"" + modifier + "\"", c.input(), opAt);
      }
    }
    c.expect('.', "after the operator");
    if (quantifier != Condition.Quantifier.NONE) {
      List<String> items = arrayLiteral(c);
      return new Condition.Filter(field, negated, op, quantifier, null, items, null);
    }
    return switch (op) {
      case IN -> new Condition.Filter(field, negated, op, quantifier, null, inList(c), null);
      case IS -> {
        int at = c.pos();
        String word = nested ? c.until(",)") : c.rest();
        Condition.IsValue isValue =
            switch (word.toLowerCase(Locale.ROOT)) {
              case "null" -> Condition.IsValue.NULL;
              case "not_null" -> Condition.IsValue.NOT_NULL;
              case "true" -> Condition.IsValue.TRUE;
              case "false" -> Condition.IsValue.FALSE;
              case "unknown" -> Condition.IsValue.UNKNOWN;
              default ->
                  throw new QueryParseError(
                      "is. expects null, not_null, true, false or unknown", c.input(), at);
            };
        yield new Condition.Filter(field, negated, op, quantifier, null, List.of(), isValue);
      }
      default ->
          new Condition.Filter(
              field, negated, op, quantifier, nested ? nestedValue(c) : c.rest(), List.of(), null);
    };
  }

  private static String nestedValue(Cursor c) {
    if (c.peekIs('"')) {
      return c.quoted();
    }
    return c.until(",)");
  }

  /** {@code (a,"b,c",d)}; {@code ()} is the empty list. */
  private static List<String> inList(Cursor c) {
    c.expect('(', "to open the in list");
    List<String> items = new ArrayList<>();
    if (c.accept(')')) {
      return items;
    }
    do {
      items.add(c.peekIs('"') ? c.quoted() : c.until(",)"));
    } while (c.accept(','));
    c.expect(')', "to close the in list");
    return items;
  }

  /** A PostgreSQL array literal {@code {a,"b,c"}} as used by {@code (any)}/{@code (all)}. */
  private static List<String> arrayLiteral(Cursor c) {
    c.expect('{', "to open the value list");
    List<String> items = new ArrayList<>();
    if (c.accept('}')) {
      return items;
    }
    do {
      items.add(c.peekIs('"') ? c.quoted() : c.until(",}"));
    } while (c.accept(','));
    c.expect('}', "to close the value list");
    return items;
  }

  /** Reads {@code ->key} / {@code ->>key} steps after a column name. */
  private static Field jsonPath(Cursor c, String column) {
    List<String> path = new ArrayList<>();
    boolean textArrow = false;
    while (c.startsWith("->")) {
      textArrow = c.accept("->>");
      if (!textArrow) {
        c.accept("->");
      }
      if (c.peekIs('"')) {
        path.add(c.quoted());
      } else if (c.peekIs('-')) {
        c.accept('-');
        path.add("-" + c.name("an array index"));
      } else {
        path.add(c.name("a JSON key"));
      }
    }
    return new Field(column, path, textArrow);
  }
}
