package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.grammar.Condition;
import dev.sqliterest.rest.grammar.Field;
import dev.sqliterest.rest.grammar.Operator;
import dev.sqliterest.rest.grammar.OrderTerm;
import dev.sqliterest.rest.grammar.QueryParseError;
import dev.sqliterest.rest.grammar.SelectItem;
import dev.sqliterest.rest.grammar.TextQuery;
import dev.sqliterest.rest.grammar.TextSearch;
import dev.sqliterest.rest.request.EmbedQuery;
import dev.sqliterest.rest.schema.Column;
import dev.sqliterest.rest.schema.SchemaCache;
import dev.sqliterest.rest.schema.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** Checks names from the query string against one table and builds the plan pieces. */
final class Resolver {

  private final Table table;
  private final SchemaCache schema;
  private final String alias;
  private final int[] aliases;
  private final Map<List<String>, EmbedQuery> queries;
  private final Set<List<String>> used;
  private final List<String> path;
  private final boolean aggregates;

  /** Resolves against {@code table} alone; embeds and aggregates are refused (writes). */
  Resolver(Table table) {
    this(table, null, table.name(), new int[1], Map.of(), new HashSet<>(), List.of(), false);
  }

  /**
   * @param schema where embedded tables are looked up
   * @param alias how SQL refers to {@code table} from inside an embed subquery
   * @param aliases counter shared by one plan, so every embedded table gets its own alias
   * @param aggregates whether aggregate functions are enabled
   */
  Resolver(
      Table table,
      SchemaCache schema,
      String alias,
      int[] aliases,
      Map<List<String>, EmbedQuery> queries,
      Set<List<String>> used,
      List<String> path,
      boolean aggregates) {
    this.table = table;
    this.schema = schema;
    this.alias = alias;
    this.aliases = aliases;
    this.queries = queries;
    this.used = used;
    this.path = path;
    this.aggregates = aggregates;
  }

  /** A resolver for a top-level read with its {@code embed.*} parameters. */
  static Resolver forRead(
      Table table, SchemaCache schema, List<EmbedQuery> embedQueries, boolean aggregates) {
    Map<List<String>, EmbedQuery> byPath = new HashMap<>();
    embedQueries.forEach(q -> byPath.put(q.path(), q));
    return new Resolver(
        table, schema, table.name(), new int[1], byPath, new HashSet<>(), List.of(), aggregates);
  }

  /** Fails with PGRST108 for {@code embed.*} parameters naming no embed of this request. */
  void requireEmbedQueriesUsed() {
    for (List<String> p : queries.keySet()) {
      if (!used.contains(p)) {
        throw new ApiError(
                400,
                "PGRST108",
                "'" + String.join(".", p) + "' is not an embedded resource in this request",
                "filters, order, limit and offset on embeds need the embed in select",
                "add '" + p.getLast() + "(…)' to the select parameter")
            .exception();
      }
    }
  }

  ColumnRef field(Field field) {
    Column column =
        table
            .column(field.name())
            .orElseThrow(() -> ApiError.unknownColumn(table.name(), field.name()).exception());
    if (field.path().isEmpty()) {
      return new ColumnRef(column, null, false);
    }
    return new ColumnRef(column, jsonPath(field), field.textArrow());
  }

  /**
   * Builds an SQLite JSON path: keys become {@code ."key"}, integers {@code [n]}, negative integers
   * {@code [#-n]} (PostgreSQL counts those from the end too).
   */
  private static String jsonPath(Field field) {
    StringBuilder path = new StringBuilder("$");
    for (String key : field.path()) {
      if (key.matches("-?[0-9]{1,9}")) {
        int n = Integer.parseInt(key);
        path.append(n < 0 ? "[#" + n + "]" : "[" + n + "]");
      } else if (key.isEmpty() || key.indexOf('"') >= 0 || key.chars().anyMatch(ch -> ch < 0x20)) {
        throw ApiError.parse(
                "JSON path", "JSON key \"" + key + "\" may not be empty or contain quotes")
            .exception();
      } else {
        path.append(".\"").append(key).append('"');
      }
    }
    return path.toString();
  }

  List<Output> select(List<SelectItem> items) {
    List<Output> outputs = new ArrayList<>();
    for (SelectItem item : items) {
      switch (item) {
        case SelectItem.Star star -> {
          for (Column c : table.columns()) {
            outputs.add(new Output(c.name(), new ColumnRef(c, null, false), null, render(c)));
          }
        }
        case SelectItem.Count count -> {
          requireAggregates();
          CastType result = count.cast() == null ? null : CastType.of(count.cast());
          outputs.add(
              new Output(
                  count.outputName(),
                  null,
                  null,
                  result == null ? Render.NATIVE : result.render(),
                  null,
                  new AggregateCall(SelectItem.Aggregate.COUNT, result)));
        }
        case SelectItem.Column col when col.aggregate() != null -> outputs.add(aggregate(col));
        case SelectItem.Column col -> {
          ColumnRef ref = field(col.field());
          CastType cast = col.cast() == null ? null : CastType.of(col.cast());
          Render render;
          if (cast != null) {
            render = cast.render();
          } else if (ref.hasPath()) {
            render = ref.textArrow() ? Render.NATIVE : Render.JSON;
          } else {
            render = render(ref.column());
          }
          outputs.add(new Output(col.outputName(), ref, cast, render));
        }
        case SelectItem.Embed embed -> outputs.addAll(embed(embed));
      }
    }
    return outputs;
  }

  /** {@code col[::cast].fn()[::cast]}; min and max keep the column's rendering. */
  private Output aggregate(SelectItem.Column col) {
    requireAggregates();
    ColumnRef ref = field(col.field());
    CastType input = col.cast() == null ? null : CastType.of(col.cast());
    CastType result = col.aggregateCast() == null ? null : CastType.of(col.aggregateCast());
    boolean keepsType =
        col.aggregate() == SelectItem.Aggregate.MIN || col.aggregate() == SelectItem.Aggregate.MAX;
    Render render = Render.NATIVE;
    if (result != null) {
      render = result.render();
    } else if (keepsType && input != null) {
      render = input.render() == Render.BOOLEAN ? Render.BOOLEAN : Render.NATIVE;
    } else if (keepsType && !ref.hasPath() && ref.column().isBoolean()) {
      render = Render.BOOLEAN;
    }
    return new Output(
        col.outputName(), ref, input, render, null, new AggregateCall(col.aggregate(), result));
  }

  private void requireAggregates() {
    if (schema == null) {
      throw ApiError.notImplemented("aggregate functions in write representations").exception();
    }
    if (!aggregates) {
      throw new ApiError(400, "PGRST123", "Use of aggregate functions is not allowed", null, null)
          .exception();
    }
  }

  /**
   * With aggregates, the other outputs are the grouping, and (as in PostgreSQL) rows can only be
   * ordered by those: ordering by another column is 400 {@code 42803}.
   */
  static void requireGroupedOrder(Table table, List<Output> outputs, List<Sort> order) {
    if (!Output.grouped(outputs)) {
      return;
    }
    Set<ColumnRef> grouping = new HashSet<>();
    for (Output o : outputs) {
      if (o.aggregate() == null && o.ref() != null) {
        grouping.add(o.ref());
      }
    }
    for (Sort s : order) {
      if (!grouping.contains(s.ref())) {
        throw new ApiError(
                400,
                "42803",
                "column \""
                    + table.name()
                    + "."
                    + s.ref().column().name()
                    + "\" must appear in the GROUP BY clause or be used in an aggregate function",
                "with aggregates in select, the other selected columns are the groups",
                "order by a selected column that is not aggregated")
            .exception();
      }
    }
  }

  /**
   * The output of an embed; for a spread ({@code ...rel(a,b)}) one output per embedded key, each
   * still evaluated in the embed's context (its join, filters, order and window).
   */
  private List<Output> embed(SelectItem.Embed e) {
    if (schema == null) {
      throw ApiError.notImplemented("resource embedding in write representations").exception();
    }
    Table child =
        schema
            .table(e.relation())
            .orElseThrow(() -> noRelationship(e.relation(), e.hint()).exception());
    List<Relationship> candidates = Relationship.between(schema, table, child, e.hint());
    if (candidates.isEmpty()) {
      throw noRelationship(e.relation(), e.hint()).exception();
    }
    if (candidates.size() > 1) {
      throw ambiguous(child, candidates).exception();
    }
    Relationship r = candidates.getFirst();
    String childAlias = "e" + (++aliases[0]);
    Embed.Junction junction =
        r.junction() == null
            ? null
            : new Embed.Junction(
                r.junction().table(),
                "j" + (++aliases[0]),
                r.junction().parentSide(),
                r.junction().childSide());
    List<String> childPath = new ArrayList<>(path);
    childPath.add(e.outputName());
    List<String> relationPath = new ArrayList<>(path);
    relationPath.add(e.relation());
    EmbedQuery q = queries.get(childPath);
    if (q == null && queries.containsKey(relationPath)) {
      childPath = relationPath;
      q = queries.get(relationPath);
    }
    used.add(childPath);
    Resolver inner =
        new Resolver(child, schema, childAlias, aliases, queries, used, childPath, aggregates);
    List<Output> outputs = inner.select(e.items());
    if (e.spread() && Output.grouped(outputs)) {
      throw ApiError.notImplemented("aggregate functions inside a spread embed").exception();
    }
    List<Sort> order = q == null ? List.of() : inner.order(q.order());
    requireGroupedOrder(child, outputs, order);
    Embed embed =
        new Embed(
            child,
            childAlias,
            r.childColumns(),
            alias,
            r.parentColumns(),
            junction,
            r.toMany(),
            e.join() == SelectItem.Join.INNER,
            false,
            outputs,
            q == null ? List.of() : inner.where(q.filters()),
            order,
            q == null ? 0 : q.offset(),
            q == null ? OptionalLong.empty() : q.limit());
    if (!e.spread()) {
      return List.of(new Output(e.outputName(), null, null, Render.JSON, embed));
    }
    List<Output> spread = new ArrayList<>();
    for (Output o : outputs) {
      Render render = embed.toMany() ? Render.JSON : o.render();
      spread.add(new Output(o.key(), null, null, render, embed.spreading(o)));
    }
    return spread;
  }

  private ApiError noRelationship(String relation, String hint) {
    return new ApiError(
        400,
        "PGRST200",
        "Could not find a relationship between '"
            + table.name()
            + "' and '"
            + relation
            + "' in the schema cache",
        "Searched for a foreign key relationship between '"
            + table.name()
            + "' and '"
            + relation
            + (hint == null ? "" : "' using the hint '" + hint)
            + "' in the schema 'main', but no matches were found.",
        "embedding follows foreign keys declared in either table, or a junction table whose"
            + " primary key holds foreign keys to both");
  }

  /** PGRST201 with PostgREST's details (one object per candidate) and hint. */
  private ApiError ambiguous(Table child, List<Relationship> candidates) {
    List<Map<String, String>> details = new ArrayList<>();
    for (Relationship r : candidates) {
      Map<String, String> d = new LinkedHashMap<>();
      d.put("embedding", table.name() + " with " + child.name());
      d.put("cardinality", r.cardinality());
      d.put("relationship", r.describe(table, child));
      details.add(d);
    }
    return new ApiError(
        300,
        "PGRST201",
        "Could not embed because more than one relationship was found for '"
            + table.name()
            + "' and '"
            + child.name()
            + "'",
        null,
        "Try changing '"
            + child.name()
            + "' to one of the following: "
            + String.join(
                ", ",
                candidates.stream().map(r -> "'" + child.name() + "!" + r.name() + "'").toList())
            + ". Find the desired relationship in the 'details' key.",
        details);
  }

  private static Render render(Column c) {
    if (c.isBoolean()) {
      return Render.BOOLEAN;
    }
    return c.isJson() ? Render.JSON : Render.NATIVE;
  }

  List<Predicate> where(List<Condition> conditions) {
    List<Predicate> predicates = new ArrayList<>();
    for (Condition c : conditions) {
      predicates.add(predicate(c));
    }
    return predicates;
  }

  private Predicate predicate(Condition condition) {
    return switch (condition) {
      case Condition.Filter f when f.operator().fullText() -> search(f);
      case Condition.Filter f -> {
        requireSupported(f.operator());
        yield new Predicate.Test(field(f.field()), f);
      }
      case Condition.Logic l -> new Predicate.Junction(l.negated(), l.or(), where(l.children()));
    };
  }

  /**
   * {@code col=[not.]fts|plfts|phfts|wfts[(config)].query} on a column of an FTS5 table. The text
   * search configuration is ignored: an FTS5 table's tokenizer is fixed when it is created.
   */
  private Predicate search(Condition.Filter f) {
    ColumnRef ref = field(f.field());
    if (!table.fullText() || ref.hasPath()) {
      throw new ApiError(
              400,
              "42883",
              "full-text search needs a column of an FTS5 table",
              "'"
                  + table.name()
                  + "."
                  + f.field().name()
                  + (ref.hasPath() ? "' with a JSON path" : "' is a column of an ordinary table"),
              "search an FTS5 table (CREATE VIRTUAL TABLE "
                  + table.name()
                  + "_fts USING fts5(…)) or use like/ilike on this one")
          .exception();
    }
    TextQuery query;
    try {
      query = TextSearch.parse(f.operator(), f.value());
    } catch (QueryParseError e) {
      throw ApiError.parse("full-text query (" + f.operator().token() + ")", e.getMessage())
          .exception();
    }
    requireIncludedWord(query);
    return new Predicate.Search(table, ref, f.negated(), query);
  }

  /**
   * FTS5 has only a binary NOT ({@code a NOT b}), so every group of words must require one word
   * before it can exclude others: {@code -cat} alone, or {@code dog or -cat}, cannot be searched.
   */
  private static void requireIncludedWord(TextQuery query) {
    switch (query) {
      case TextQuery.Phrase p -> {}
      case TextQuery.Any any -> any.options().forEach(Resolver::requireIncludedWord);
      case TextQuery.All all -> {
        if (all.include().stream().allMatch(TextQuery::isEmpty) && !all.exclude().isEmpty()) {
          throw ApiError.parse(
                  "full-text query",
                  "a search that only excludes words cannot run on FTS5; add a word to find"
                      + " (\"dog -cat\", not \"-cat\")")
              .exception();
        }
        all.include().forEach(Resolver::requireIncludedWord);
        all.exclude().forEach(Resolver::requireIncludedWord);
      }
    }
  }

  private static void requireSupported(Operator op) {
    switch (op) {
      case CS, CD, OV, SL, SR, NXR, NXL, ADJ ->
          throw ApiError.notImplemented(
                  "array/range operator " + op.token() + " is not supported on SQLite")
              .exception();
      default -> {}
    }
  }

  List<Sort> order(List<OrderTerm> terms) {
    List<Sort> sorts = new ArrayList<>();
    for (OrderTerm t : terms) {
      sorts.add(new Sort(field(t.field()), t.direction(), t.nulls()));
    }
    return sorts;
  }
}
