package dev.sqliterest.rest.grammar;

import java.util.List;

/** A horizontal filter: a single operator test or an {@code and}/{@code or} tree of them. */
public sealed interface Condition {

  /** {@code (any)} / {@code (all)} applied to an operator over a {@code {a,b}} list. */
  enum Quantifier {
    NONE,
    ANY,
    ALL
  }

  /** The right-hand side of {@code is.}. */
  enum IsValue {
    NULL,
    NOT_NULL,
    TRUE,
    FALSE,
    UNKNOWN
  }

  /**
   * One {@code field=[not.]op[(any|all)].value} test.
   *
   * @param value the operand for single-valued operators (null otherwise)
   * @param list the items of {@code in.(…)} and of quantified operators (empty otherwise)
   * @param isValue the operand of {@code is} (null otherwise)
   */
  record Filter(
      Field field,
      boolean negated,
      Operator operator,
      Quantifier quantifier,
      String value,
      List<String> list,
      IsValue isValue)
      implements Condition {
    public Filter {
      list = List.copyOf(list);
    }
  }

  /** {@code and(…)} / {@code or(…)}, possibly negated. */
  record Logic(boolean negated, boolean or, List<Condition> children) implements Condition {
    public Logic {
      children = List.copyOf(children);
    }
  }
}
