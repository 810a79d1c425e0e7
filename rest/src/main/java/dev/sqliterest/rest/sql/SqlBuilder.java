package dev.sqliterest.rest.sql;

import dev.sqliterest.rest.grammar.Condition;
import dev.sqliterest.rest.grammar.Operator;
import dev.sqliterest.rest.grammar.OrderTerm;
import dev.sqliterest.rest.grammar.SelectItem;
import dev.sqliterest.rest.grammar.TextQuery;
import dev.sqliterest.rest.plan.CastType;
import dev.sqliterest.rest.plan.ColumnRef;
import dev.sqliterest.rest.plan.Embed;
import dev.sqliterest.rest.plan.Output;
import dev.sqliterest.rest.plan.Predicate;
import dev.sqliterest.rest.plan.Render;
import dev.sqliterest.rest.plan.Sort;
import dev.sqliterest.rest.schema.Affinity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Accumulates SQL text and bound parameters for one statement. */
final class SqlBuilder {

  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+\\.[0-9]+([eE][-+]?[0-9]+)?");

  private final StringBuilder sql = new StringBuilder(128);
  private final List<Object> params = new ArrayList<>();

  SqlBuilder append(String text) {
    sql.append(text);
    return this;
  }

  SqlBuilder ident(String name) {
    sql.append(Sql.quoteIdent(name));
    return this;
  }

  SqlBuilder param(Object value) {
    sql.append('?');
    params.add(value);
    return this;
  }

  SqlStatement build() {
    return new SqlStatement(sql.toString(), params);
  }

  /** {@code "col"} or {@code "col" -> ?} / {@code "col" ->> ?} with the path bound. */
  SqlBuilder ref(ColumnRef ref) {
    if (!ref.hasPath()) {
      return ident(ref.column().name());
    }
    // A row whose text is not JSON yields NULL instead of failing the whole statement.
    append("(CASE WHEN json_valid(").ident(ref.column().name()).append(") THEN ");
    ident(ref.column().name()).append(ref.textArrow() ? " ->> " : " -> ").param(ref.jsonPath());
    return append(" END)");
  }

  /** A select-list expression, shaped so the response writer can render it. */
  SqlBuilder output(Output out) {
    if (out.embed() != null) {
      return embed(out.embed());
    }
    if (out.aggregate() != null) {
      return aggregate(out);
    }
    CastType cast = out.cast();
    if (out.ref().hasPath() && out.ref().textArrow() && cast == null) {
      // As in PostgreSQL, ->> yields text: {"b":1} ->> 'b' is "1", not 1 (NULL stays null).
      if (out.render() == Render.JSON) {
        return append("json_quote(CAST(").ref(out.ref()).append(" AS TEXT))");
      }
      return append("CAST(").ref(out.ref()).append(" AS TEXT)");
    }
    if (out.render() == Render.JSON
        && !(out.ref().hasPath() && !out.ref().textArrow() && cast == null)) {
      // Valid JSON text: JSON values stay as they are, anything else becomes a JSON string. A
      // BLOB is passed through untouched (SQLite's JSON functions would read it as JSONB).
      append("CASE WHEN typeof(").ref(out.ref()).append(") = 'blob' THEN ").ref(out.ref());
      append(" WHEN json_valid(").ref(out.ref()).append(") THEN json(").ref(out.ref());
      append(") ELSE json_quote(").ref(out.ref()).append(") END");
    } else if (cast != null && cast.sqlType() != null) {
      append("CAST(").ref(out.ref()).append(" AS ").append(cast.sqlType()).append(")");
    } else {
      ref(out.ref());
    }
    return this;
  }

  /**
   * {@code fn(input)} or {@code count(*)}, the input after its cast and the result cast if asked
   * ({@code CAST(avg(CAST("x" AS REAL)) AS INTEGER)}).
   */
  private SqlBuilder aggregate(Output out) {
    CastType result = out.aggregate().resultCast();
    boolean castResult = result != null && result.sqlType() != null;
    append(castResult ? "CAST(" : "").append(out.aggregate().function().token()).append("(");
    if (out.ref() == null) {
      append("*");
    } else if (out.cast() != null && out.cast().sqlType() != null) {
      append("CAST(").ref(out.ref()).append(" AS ").append(out.cast().sqlType()).append(")");
    } else {
      ref(out.ref());
    }
    append(")");
    return castResult ? append(" AS ").append(result.sqlType()).append(")") : this;
  }

  /**
   * {@code GROUP BY} the outputs that do not aggregate, when some do; nothing otherwise (all
   * aggregated: one group of every row).
   */
  SqlBuilder groupBy(List<Output> outputs) {
    if (!Output.grouped(outputs)) {
      return this;
    }
    String sep = " GROUP BY ";
    for (Output o : outputs) {
      if (o.aggregate() == null) {
        append(sep).output(o);
        sep = ", ";
      }
    }
    return this;
  }

  /**
   * {@code json_object(?, v1, ?, v2, …)} with the keys bound. Values are shaped so SQLite writes
   * what {@code RowWriter} would: booleans as true/false, JSON embedded. SQLite's JSON functions
   * would read a BLOB as JSONB, so a value that may be a BLOB is guarded to raise an error instead
   * ({@code json('blob')} is malformed) and the caller falls back to the Java writer, which emits
   * base64. Values that cannot be BLOBs (casts, JSON paths, STRICT typed columns) skip the guard,
   * which costs about as much as building the JSON.
   */
  SqlBuilder jsonObject(List<Output> outputs) {
    append("json_object(");
    for (int i = 0; i < outputs.size(); i++) {
      Output out = outputs.get(i);
      append(i > 0 ? ", " : "").param(out.key()).append(", ").jsonValue(out);
    }
    return append(")");
  }

  /** One output shaped as a JSON value (see {@link #jsonObject}). */
  private SqlBuilder jsonValue(Output out) {
    boolean guard = mayBeBlob(out);
    if (guard) {
      append("iif(typeof(").output(out).append(") = 'blob', json('blob'), ");
    }
    switch (out.render()) {
      case JSON -> append("json(").output(out).append(")");
      case BOOLEAN -> {
        append("CASE WHEN typeof(").output(out).append(") = 'integer' AND (").output(out);
        append(") IN (0, 1) THEN json(iif((").output(out).append(") = 1, 'true', 'false'))");
        append(" ELSE ").output(out).append(" END");
      }
      case NATIVE -> output(out);
    }
    return guard ? append(")") : this;
  }

  /**
   * A correlated subquery building the embedded JSON: {@code (SELECT json_object(…) FROM child AS
   * eN WHERE eN.c = parent.p)} for many-to-one, {@code coalesce(json_group_array(…), '[]')} for
   * one-to-many and many-to-many. Child columns are written unqualified, so they resolve to the
   * innermost table.
   */
  private SqlBuilder embed(Embed e) {
    append("(SELECT ");
    if (e.spread()) {
      return spread(e);
    }
    if (e.toMany() && (e.windowed() || Output.grouped(e.outputs()))) {
      // ORDER BY/LIMIT need their own level: aggregate over an ordered, windowed subquery
      append("coalesce(json_group_array(json(j)), '[]') FROM (SELECT ").jsonObject(e.outputs());
      append(" AS j");
      embedSource(e);
      return window(e).append("))");
    }
    if (e.toMany()) {
      append("coalesce(json_group_array(").jsonObject(e.outputs()).append("), '[]')");
    } else {
      jsonObject(e.outputs());
    }
    embedSource(e);
    return append(")");
  }

  /**
   * A spread key: its one output evaluated on the embedded row ({@code (SELECT "name" FROM authors
   * AS e1 WHERE …)}), or for a to-many embed the array of its values, in the embed's order and
   * window. {@code json_quote} keeps each value's JSON type across the subquery.
   */
  private SqlBuilder spread(Embed e) {
    Output o = e.outputs().getFirst();
    if (!e.toMany()) {
      output(o);
      embedSource(e);
      return append(")");
    }
    append("coalesce(json_group_array(json(v)), '[]') FROM (SELECT json_quote(").jsonValue(o);
    append(") AS v");
    embedSource(e);
    return window(e).append("))");
  }

  private SqlBuilder window(Embed e) {
    orderBy(e.order());
    append(" LIMIT ").param(e.limit().isPresent() ? e.limit().getAsLong() : -1L);
    if (e.offset() > 0) {
      append(" OFFSET ").param(e.offset());
    }
    return this;
  }

  /**
   * {@code FROM child AS eN WHERE eN.c = parent.p … [AND (filters)]}; through a junction {@code
   * WHERE (eN.c) IN (SELECT jN.cc FROM junction AS jN WHERE jN.pc = parent.p)}. Then the child's
   * own {@code !inner} embeds and its grouping.
   */
  private void embedSource(Embed e) {
    append(" FROM ").ident(e.child().name()).append(" AS ").ident(e.alias()).append(" WHERE ");
    Embed.Junction j = e.junction();
    if (j == null) {
      equalities(e.alias(), e.childColumns(), e.parentAlias(), e.parentColumns());
    } else {
      // (eN.c…) IN (SELECT jN.cc… FROM junction AS jN WHERE jN.pc… = parent.p…): the junction's key
      // index finds the child keys, which then find the child rows by their key
      columns(e.alias(), e.childColumns()).append(" IN (SELECT ");
      for (int i = 0; i < j.childSide().size(); i++) {
        append(i > 0 ? ", " : "").ident(j.alias()).append(".").ident(j.childSide().get(i));
      }
      append(" FROM ").ident(j.table().name()).append(" AS ").ident(j.alias()).append(" WHERE ");
      equalities(j.alias(), j.parentSide(), e.parentAlias(), e.parentColumns());
      append(")");
    }
    if (!e.where().isEmpty()) {
      append(" AND (");
      junction(e.where(), false);
      append(")");
    }
    innerJoins(e.outputs());
    groupBy(e.outputs());
  }

  /** {@code (a.x1, a.x2 …)}: a row value, or one parenthesised column. */
  private SqlBuilder columns(String a, List<String> xs) {
    append("(");
    for (int i = 0; i < xs.size(); i++) {
      append(i > 0 ? ", " : "").ident(a).append(".").ident(xs.get(i));
    }
    return append(")");
  }

  /** {@code a.x1 = b.y1 AND a.x2 = b.y2 …}. */
  private void equalities(String a, List<String> xs, String b, List<String> ys) {
    for (int i = 0; i < xs.size(); i++) {
      append(i > 0 ? " AND " : "").ident(a).append(".").ident(xs.get(i));
      append(" = ").ident(b).append(".").ident(ys.get(i));
    }
  }

  /**
   * {@code AND EXISTS (SELECT 1 FROM child …)} for each {@code !inner} embed among {@code outputs}
   * (once per embed, though a spread lends it to several outputs): a parent row stays only when its
   * embed has a row that passes the embed's filters.
   */
  private void innerJoins(List<Output> outputs) {
    Map<String, Embed> inner = new LinkedHashMap<>();
    for (Output o : outputs) {
      if (o.embed() != null && o.embed().inner()) {
        inner.putIfAbsent(o.embed().alias(), o.embed());
      }
    }
    for (Embed e : inner.values()) {
      append(" AND EXISTS (SELECT 1");
      embedSource(e);
      append(")");
    }
  }

  private static boolean mayBeBlob(Output out) {
    if (out.embed() != null) {
      // JSON text built by SQLite, except a to-one spread: the embedded value itself
      Embed e = out.embed();
      return e.spread() && !e.toMany() && mayBeBlob(e.outputs().getFirst());
    }
    if (out.aggregate() != null) {
      CastType result = out.aggregate().resultCast();
      if (result != null) {
        return result == CastType.BLOB;
      }
      SelectItem.Aggregate f = out.aggregate().function();
      boolean keepsInput =
          (f == SelectItem.Aggregate.MIN || f == SelectItem.Aggregate.MAX) && out.ref() != null;
      return keepsInput && mayBeBlob(new Output(out.key(), out.ref(), out.cast(), out.render()));
    }
    if (out.cast() == CastType.BLOB) {
      return true;
    }
    if (out.cast() != null && out.cast() != CastType.JSON) {
      return false; // CAST to TEXT/INTEGER/REAL/NUMERIC never yields a BLOB
    }
    if (out.ref().hasPath()) {
      return false; // JSON functions return text, numbers or NULL
    }
    return !out.ref().column().blobFree();
  }

  SqlBuilder outputs(List<Output> outputs) {
    for (int i = 0; i < outputs.size(); i++) {
      if (i > 0) {
        append(", ");
      }
      output(outputs.get(i));
    }
    return this;
  }

  SqlBuilder where(List<Predicate> predicates) {
    return where(predicates, List.of());
  }

  /** {@code WHERE} the predicates, and the {@code !inner} embeds among {@code outputs}. */
  SqlBuilder where(List<Predicate> predicates, List<Output> outputs) {
    boolean inner = outputs.stream().anyMatch(o -> o.embed() != null && o.embed().inner());
    if (predicates.isEmpty() && !inner) {
      return this;
    }
    append(" WHERE ");
    if (predicates.isEmpty()) {
      append("1");
    } else {
      junction(predicates, false);
    }
    innerJoins(outputs);
    return this;
  }

  private void junction(List<Predicate> predicates, boolean or) {
    if (predicates.isEmpty()) {
      append(or ? "0" : "1");
      return;
    }
    balanced(predicates, 0, predicates.size(), or);
  }

  /**
   * Joins {@code predicates[from, to)} as a balanced tree of parenthesised halves: SQLite parses
   * {@code a OR b OR c …} left-deep and refuses expressions deeper than 1000, so long lists would
   * fail; balanced they nest only log2(n) deep.
   */
  private void balanced(List<Predicate> predicates, int from, int to, boolean or) {
    if (to - from <= 8) {
      for (int i = from; i < to; i++) {
        if (i > from) {
          append(or ? " OR " : " AND ");
        }
        predicate(predicates.get(i));
      }
      return;
    }
    int mid = (from + to) >>> 1;
    append("(");
    balanced(predicates, from, mid, or);
    append(or ? ") OR (" : ") AND (");
    balanced(predicates, mid, to, or);
    append(")");
  }

  private void predicate(Predicate p) {
    switch (p) {
      case Predicate.Junction j -> {
        append(j.negated() ? "NOT (" : "(");
        junction(j.children(), j.or());
        append(")");
      }
      case Predicate.Test t -> {
        append(t.filter().negated() ? "NOT (" : "(");
        test(t.ref(), t.filter());
        append(")");
      }
      case Predicate.Search s -> search(s);
    }
  }

  /**
   * {@code rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)}: the rowid form works wherever a
   * condition may stand (under NOT, in OR, inside an embed), where a bare MATCH on an FTS5 table
   * fails ("unable to use function MATCH in the requested context"). A query without words matches
   * nothing, as PostgreSQL's empty tsquery.
   */
  private void search(Predicate.Search s) {
    append(s.negated() ? "NOT (" : "(");
    if (TextQuery.isEmpty(s.query())) {
      append("0");
    } else {
      append("rowid IN (SELECT rowid FROM ").ident(s.table().name()).append(" WHERE ");
      ident(s.table().name()).append(" MATCH ");
      param(FullText.match(s.ref().column().name(), s.query())).append(")");
    }
    append(")");
  }

  private void test(ColumnRef ref, Condition.Filter f) {
    Operator op = f.operator();
    switch (f.quantifier()) {
      case ANY, ALL -> {
        if (f.list().isEmpty()) {
          append(f.quantifier() == Condition.Quantifier.ANY ? "0" : "1");
          return;
        }
        for (int i = 0; i < f.list().size(); i++) {
          if (i > 0) {
            append(f.quantifier() == Condition.Quantifier.ANY ? " OR " : " AND ");
          }
          comparison(ref, op, f.list().get(i));
        }
      }
      case NONE -> {
        switch (op) {
          case IN -> {
            ref(ref).append(" IN (");
            for (int i = 0; i < f.list().size(); i++) {
              if (i > 0) {
                append(", ");
              }
              param(bindValue(ref, f.list().get(i)));
            }
            append(")");
          }
          case IS ->
              ref(ref)
                  .append(
                      switch (f.isValue()) {
                        case NULL, UNKNOWN -> " IS NULL";
                        case NOT_NULL -> " IS NOT NULL";
                        case TRUE -> " IS TRUE";
                        case FALSE -> " IS FALSE";
                      });
          default -> comparison(ref, op, f.value());
        }
      }
    }
  }

  private void comparison(ColumnRef ref, Operator op, String value) {
    switch (op) {
      case EQ -> ref(ref).append(" = ").param(bindValue(ref, value));
      case NEQ -> ref(ref).append(" <> ").param(bindValue(ref, value));
      case GT -> ref(ref).append(" > ").param(bindValue(ref, value));
      case GTE -> ref(ref).append(" >= ").param(bindValue(ref, value));
      case LT -> ref(ref).append(" < ").param(bindValue(ref, value));
      case LTE -> ref(ref).append(" <= ").param(bindValue(ref, value));
      case ISDISTINCT -> ref(ref).append(" IS DISTINCT FROM ").param(bindValue(ref, value));
      case LIKE -> ref(ref).append(" GLOB ").param(Patterns.likeToGlob(value));
      case ILIKE -> {
        if (Patterns.asciiOnly(value)) {
          ref(ref).append(" LIKE ").param(Patterns.ilikeToLike(value)).append(" ESCAPE '\\'");
        } else {
          ref(ref).append(" REGEXP ").param(Patterns.ilikeToRegex(value));
        }
      }
      case MATCH -> ref(ref).append(" REGEXP ").param(value);
      case IMATCH -> ref(ref).append(" REGEXP ").param("(?iu)" + value);
      default -> throw new IllegalStateException("operator reached the compiler: " + op);
    }
  }

  /**
   * Binds a filter operand. Columns with numeric affinity convert a text operand themselves; for
   * JSON paths and untyped (view) columns a numeric-looking operand is bound as a number, so {@code
   * data->>n=eq.5} matches the integer 5. Declared BOOLEAN columns accept true/false.
   */
  static Object bindValue(ColumnRef ref, String value) {
    if (ref.column().isBoolean() && !ref.hasPath()) {
      String v = value.toLowerCase(Locale.ROOT);
      if (v.equals("true")) {
        return 1;
      }
      if (v.equals("false")) {
        return 0;
      }
    }
    if (ref.hasPath() || ref.column().affinity() == Affinity.BLOB) {
      if (INTEGER.matcher(value).matches()) {
        return Long.parseLong(value);
      }
      if (DECIMAL.matcher(value).matches()) {
        return Double.parseDouble(value);
      }
    }
    return value;
  }

  SqlBuilder orderBy(List<Sort> sorts) {
    if (sorts.isEmpty()) {
      return this;
    }
    append(" ORDER BY ");
    for (int i = 0; i < sorts.size(); i++) {
      Sort s = sorts.get(i);
      if (i > 0) {
        append(", ");
      }
      boolean desc = s.direction() == OrderTerm.Direction.DESC;
      boolean nullsFirst =
          switch (s.nulls()) {
            case FIRST -> true;
            case LAST -> false;
            case DEFAULT -> desc; // PostgreSQL: NULLs sort as larger than any value
          };
      ref(s.ref())
          .append(desc ? " DESC" : " ASC")
          .append(nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
    return this;
  }
}
