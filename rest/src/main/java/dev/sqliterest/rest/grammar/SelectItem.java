package dev.sqliterest.rest.grammar;

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
}
