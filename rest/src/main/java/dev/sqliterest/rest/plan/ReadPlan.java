package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.schema.Table;
import java.util.List;
import java.util.OptionalLong;

/**
 * A resolved read: which rows ({@code where}, {@code order}, window) and which columns.
 *
 * @param limit rows wanted, empty for unbounded (already capped by the server's max-rows)
 */
public record ReadPlan(
    Table table,
    List<Output> outputs,
    List<Predicate> where,
    List<Sort> order,
    long offset,
    OptionalLong limit) {

  public ReadPlan {
    outputs = List.copyOf(outputs);
    where = List.copyOf(where);
    order = List.copyOf(order);
  }

  /** The same read with another row limit. */
  public ReadPlan withLimit(OptionalLong value) {
    return new ReadPlan(table, outputs, where, order, offset, value);
  }
}
