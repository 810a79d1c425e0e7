package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.schema.ForeignKey;
import dev.sqliterest.rest.schema.SchemaCache;
import dev.sqliterest.rest.schema.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a parent row finds its embedded child rows. Direct: {@code child.childColumns =
 * parent.parentColumns}, many-to-one when the parent holds the foreign key, one-to-many when the
 * child does. Many-to-many: through a junction table whose foreign keys to both sides are part of
 * one of its keys ({@code books_tags(book_id, tag_id)} with primary key {@code (book_id, tag_id)}).
 *
 * @param name what a {@code !hint} names: the foreign-key columns, or the junction table
 * @param junction the junction table and its columns, or null for a direct relationship
 */
record Relationship(
    List<String> childColumns,
    List<String> parentColumns,
    boolean toMany,
    String name,
    Junction junction) {

  /**
   * A junction table: its {@code parentSide} columns reference the parent's {@code parentColumns},
   * its {@code childSide} columns the child's {@code childColumns}.
   */
  record Junction(Table table, List<String> parentSide, List<String> childSide) {}

  /** Every relationship from {@code parent} to {@code child}, filtered by {@code hint} if given. */
  static List<Relationship> between(SchemaCache schema, Table parent, Table child, String hint) {
    List<Relationship> found = new ArrayList<>();
    for (ForeignKey fk : parent.foreignKeys()) {
      if (fk.referencedTable().equals(child.name())) {
        found.add(
            new Relationship(
                fk.referencedColumns(), fk.columns(), false, String.join(",", fk.columns()), null));
      }
    }
    for (ForeignKey fk : child.foreignKeys()) {
      if (fk.referencedTable().equals(parent.name())) {
        found.add(
            new Relationship(
                fk.columns(), fk.referencedColumns(), true, String.join(",", fk.columns()), null));
      }
    }
    for (Table junction : schema.tables().values()) {
      for (ForeignKey toParent : junction.foreignKeys()) {
        for (ForeignKey toChild : junction.foreignKeys()) {
          if (toParent != toChild
              && toParent.referencedTable().equals(parent.name())
              && toChild.referencedTable().equals(child.name())
              && keyHolds(junction, toParent, toChild)) {
            found.add(
                new Relationship(
                    toChild.referencedColumns(),
                    toParent.referencedColumns(),
                    true,
                    junction.name(),
                    new Junction(junction, toParent.columns(), toChild.columns())));
          }
        }
      }
    }
    if (hint != null) {
      found.removeIf(r -> !r.name().equals(hint));
    }
    found.sort(java.util.Comparator.comparing(Relationship::name));
    return found;
  }

  /** The junction's two foreign keys together lie within its primary key or a unique key. */
  private static boolean keyHolds(Table junction, ForeignKey a, ForeignKey b) {
    Set<String> both = new HashSet<>(a.columns());
    both.addAll(b.columns());
    return junction.uniqueKeys().stream().anyMatch(key -> key.containsAll(both));
  }

  /** PostgREST's cardinality words. */
  String cardinality() {
    if (junction != null) {
      return "many-to-many";
    }
    return toMany ? "one-to-many" : "many-to-one";
  }

  /**
   * The {@code relationship} text of a PGRST201 detail, in PostgREST's form: {@code <name> using
   * t1(cols) and t2(cols)}.
   */
  String describe(Table parent, Table child) {
    if (junction != null) {
      return junction.table().name()
          + " using "
          + junction.table().name()
          + cols(junction.parentSide())
          + " and "
          + junction.table().name()
          + cols(junction.childSide());
    }
    return name
        + " using "
        + parent.name()
        + cols(parentColumns)
        + " and "
        + child.name()
        + cols(childColumns);
  }

  private static String cols(List<String> columns) {
    return "(" + String.join(", ", columns) + ")";
  }
}
