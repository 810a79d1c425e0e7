package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.grammar.Condition;
import dev.sqliterest.rest.grammar.TextQuery;
import dev.sqliterest.rest.schema.Table;
import java.util.List;

/** A validated WHERE condition. */
public sealed interface Predicate {

  /** One operator test on a resolved column; the operator and operands come from the grammar. */
  record Test(ColumnRef ref, Condition.Filter filter) implements Predicate {}

  /**
   * A full-text search on {@code ref}, a column of the FTS5 table {@code table}; {@code query}
   * holds at least one word outside every exclusion (what FTS5's binary NOT needs).
   */
  record Search(Table table, ColumnRef ref, boolean negated, TextQuery query)
      implements Predicate {}

  /** {@code and}/{@code or} of children, possibly negated. */
  record Junction(boolean negated, boolean or, List<Predicate> children) implements Predicate {
    public Junction {
      children = List.copyOf(children);
    }
  }
}
