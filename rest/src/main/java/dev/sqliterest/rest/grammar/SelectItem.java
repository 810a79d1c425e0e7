package dev.sqliterest.rest.grammar;

import java.util.List;

/** One element of {@code select=}. */
public sealed interface SelectItem {

  /** {@code *}: every column of the target. */
  record Star() implements SelectItem {}

  /** The aggregate functions PostgREST offers in {@code select}. */
  enum Aggregate {
    AVG,
    COUNT,
    MAX,
    MIN,
    SUM;

    /** The function name as written, e.g. {@code sum}. */
    public String token() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * {@code [alias:]field[::cast]}, or with an aggregate {@code [alias:]field[::cast].fn()[::cast]}.
   *
   * @param alias output key, or null: {@link Field#outputName()}, or the function's name
   * @param cast the type name after {@code ::} (the aggregate's input cast), or null
   * @param aggregate the aggregate function applied, or null
   * @param aggregateCast the type name after {@code fn()::}, or null
   */
  record Column(String alias, Field field, String cast, Aggregate aggregate, String aggregateCast)
      implements SelectItem {
    public Column(String alias, Field field, String cast) {
      this(alias, field, cast, null, null);
    }

    public String outputName() {
      if (alias != null) {
        return alias;
      }
      return aggregate != null ? aggregate.token() : field.outputName();
    }
  }

  /** {@code [alias:]count()[::cast]}: the number of rows (of each group). */
  record Count(String alias, String cast) implements SelectItem {
    public String outputName() {
      return alias != null ? alias : "count";
    }
  }

  /** How an embed joins its parent: {@code !inner} drops parents without a matching row. */
  enum Join {
    LEFT,
    INNER
  }

  /**
   * {@code [alias:]relation[!hint][!inner|!left](items)} or {@code ...relation[!hint](items)}: a
   * related table embedded as an object (many-to-one) or an array (one-to-many, many-to-many), or
   * with {@code ...} spread into the parent's keys.
   *
   * @param alias output key, or null to use the relation name (always null for a spread)
   * @param hint the foreign-key column or junction table naming the relationship, or null
   * @param join {@code !inner} or {@code !left} (the default)
   * @param spread {@code ...}: the embedded keys become the parent's
   */
  record Embed(
      String alias, String relation, String hint, Join join, boolean spread, List<SelectItem> items)
      implements SelectItem {
    public Embed {
      items = List.copyOf(items);
    }

    public Embed(String alias, String relation, String hint, List<SelectItem> items) {
      this(alias, relation, hint, Join.LEFT, false, items);
    }

    public String outputName() {
      return alias != null ? alias : relation;
    }
  }
}
