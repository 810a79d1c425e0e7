package dev.sqliterest.rest.grammar;

import java.util.List;

/** One element of {@code select=}. */
public sealed interface SelectItem {

  /** {@code *}: every column of the target. */
  record Star() implements SelectItem {}

  /**
   * {@code [alias:]field[::cast]}.
   *
   * @param alias output key, or null to use {@link Field#outputName()}
   * @param cast the type name after {@code ::}, or null
   */
  record Column(String alias, Field field, String cast) implements SelectItem {
    public String outputName() {
      return alias != null ? alias : field.outputName();
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
