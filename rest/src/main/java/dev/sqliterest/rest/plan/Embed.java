package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.schema.Table;
import java.util.List;

/**
 * A resolved resource embedding: rows of {@code child} (aliased {@code alias}) whose {@code
 * childColumns} equal the parent's {@code parentColumns} (the parent is referred to as {@code
 * parentAlias}), as one JSON object (many-to-one) or an array (one-to-many).
 */
public record Embed(
    Table child,
    String alias,
    List<String> childColumns,
    String parentAlias,
    List<String> parentColumns,
    boolean toMany,
    List<Output> outputs) {

  public Embed {
    childColumns = List.copyOf(childColumns);
    parentColumns = List.copyOf(parentColumns);
    outputs = List.copyOf(outputs);
  }
}
