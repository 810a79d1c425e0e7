package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.schema.ForeignKey;
import dev.sqliterest.rest.schema.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * How a parent row finds its embedded child rows: {@code child.childColumns =
 * parent.parentColumns}. Many-to-one when the parent holds the foreign key, one-to-many when the
 * child does.
 *
 * @param fkColumns the foreign-key columns (the name a {@code !hint} uses)
 */
record Relationship(
    List<String> childColumns, List<String> parentColumns, boolean toMany, List<String> fkColumns) {

  /** Every relationship from {@code parent} to {@code child}, filtered by {@code hint} if given. */
  static List<Relationship> between(Table parent, Table child, String hint) {
    List<Relationship> found = new ArrayList<>();
    for (ForeignKey fk : parent.foreignKeys()) {
      if (fk.referencedTable().equals(child.name())) {
        found.add(new Relationship(fk.referencedColumns(), fk.columns(), false, fk.columns()));
      }
    }
    for (ForeignKey fk : child.foreignKeys()) {
      if (fk.referencedTable().equals(parent.name())) {
        found.add(new Relationship(fk.columns(), fk.referencedColumns(), true, fk.columns()));
      }
    }
    if (hint != null) {
      found.removeIf(r -> !String.join(",", r.fkColumns()).equals(hint));
    }
    return found;
  }

  String describe() {
    return (toMany ? "one-to-many" : "many-to-one") + " using " + String.join(",", fkColumns);
  }
}
