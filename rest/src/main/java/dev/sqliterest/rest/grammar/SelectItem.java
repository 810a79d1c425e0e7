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

  /**
   * {@code [alias:]relation[!hint](items)}: a related table embedded as an object (many-to-one) or
   * an array (one-to-many).
   *
   * @param alias output key, or null to use the relation name
   * @param hint the foreign-key column naming the relationship when several exist, or null
   */
  record Embed(String alias, String relation, String hint, List<SelectItem> items)
      implements SelectItem {
    public Embed {
      items = List.copyOf(items);
    }

    public String outputName() {
      return alias != null ? alias : relation;
    }
  }
}
