package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.schema.Table;
import java.util.List;
import java.util.OptionalLong;

/**
 * A resolved resource embedding: rows of {@code child} (aliased {@code alias}) related to the
 * parent row (referred to as {@code parentAlias}), as one JSON object (many-to-one) or an array
 * (one-to-many, many-to-many), filtered, ordered and windowed by the request's {@code embed.*}
 * parameters.
 *
 * <p>Directly related rows have {@code child.childColumns = parent.parentColumns}; through a {@code
 * junction}, a junction row has {@code childSide = child.childColumns} and {@code parentSide =
 * parent.parentColumns}.
 *
 * @param junction the junction table of a many-to-many embed, or null
 * @param inner {@code !inner}: parent rows without a matching child row are dropped
 * @param spread {@code ...}: {@code outputs} holds one output, which becomes a key of the parent (a
 *     value for a to-one embed, an array of values for a to-many one)
 */
public record Embed(
    Table child,
    String alias,
    List<String> childColumns,
    String parentAlias,
    List<String> parentColumns,
    Junction junction,
    boolean toMany,
    boolean inner,
    boolean spread,
    List<Output> outputs,
    List<Predicate> where,
    List<Sort> order,
    long offset,
    OptionalLong limit) {

  /** A junction table row joins the parent and the child; {@code alias} names it in SQL. */
  public record Junction(
      Table table, String alias, List<String> parentSide, List<String> childSide) {
    public Junction {
      parentSide = List.copyOf(parentSide);
      childSide = List.copyOf(childSide);
    }
  }

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

  public Embed withOutputs(List<Output> value) {
    return new Embed(
        child,
        alias,
        childColumns,
        parentAlias,
        parentColumns,
        junction,
        toMany,
        inner,
        spread,
        value,
        where,
        order,
        offset,
        limit);
  }

  public Embed withLimit(OptionalLong value) {
    return new Embed(
        child,
        alias,
        childColumns,
        parentAlias,
        parentColumns,
        junction,
        toMany,
        inner,
        spread,
        outputs,
        where,
        order,
        offset,
        value);
  }

  /** The same embed spread into its parent with one of its outputs. */
  Embed spreading(Output output) {
    return new Embed(
        child,
        alias,
        childColumns,
        parentAlias,
        parentColumns,
        junction,
        toMany,
        inner,
        true,
        List.of(output),
        where,
        order,
        offset,
        limit);
  }
}
