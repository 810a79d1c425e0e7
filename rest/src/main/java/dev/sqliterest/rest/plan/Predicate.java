package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.grammar.Condition;
import java.util.List;

/** A validated WHERE condition. */
public sealed interface Predicate {

  /** One operator test on a resolved column; the operator and operands come from the grammar. */
  record Test(ColumnRef ref, Condition.Filter filter) implements Predicate {}

  /** {@code and}/{@code or} of children, possibly negated. */
  record Junction(boolean negated, boolean or, List<Predicate> children) implements Predicate {
    public Junction {
      children = List.copyOf(children);
    }
  }
}
