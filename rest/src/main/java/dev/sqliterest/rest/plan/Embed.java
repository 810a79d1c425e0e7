package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.schema.Table;
import java.util.List;
import java.util.OptionalLong;

/**
 * A resolved resource embedding: rows of {@code child} (aliased {@code alias}) whose {@code
 * childColumns} equal the parent's {@code parentColumns} (the parent is referred to as {@code
 * parentAlias}), as one JSON object (many-to-one) or an array (one-to-many), filtered, ordered and
 * windowed by the request's {@code embed.*} parameters.
 */
public record Embed(
    Table child,
    String alias,
    List<String> childColumns,
    String parentAlias,
    List<String> parentColumns,
    boolean toMany,
    List<Output> outputs,
    List<Predicate> where,
    List<Sort> order,
    long offset,
    OptionalLong limit) {

  public Embed {
    childColumns = List.copyOf(childColumns);
    parentColumns = List.copyOf(parentColumns);
    outputs = List.copyOf(outputs);
    where = List.copyOf(where);
    order = List.copyOf(order);
  }

  /** Whether the embedded rows need ordering or a window (a subquery in SQL). */
  public boolean windowed() {
    return !order.isEmpty() || offset > 0 || limit.isPresent();
  }
}
