package dev.sqliterest.rest.schema;

import java.util.Locale;

/**
 * One column of a table or view.
 *
 * @param name column name
 * @param declaredType the declared type text (may be empty)
 * @param notNull declared NOT NULL
 * @param hasDefault declared with a DEFAULT
 * @param primaryKeyIndex 1-based position in the primary key, 0 when not part of it
 * @param generated a generated column (cannot be written)
 * @param blobFree the column cannot hold a BLOB (a STRICT table's INTEGER, REAL or TEXT column)
 * @param defaultSql the DEFAULT as SQL text ({@code 0}, {@code 'x'}, {@code CURRENT_TIMESTAMP}),
 *     null when there is none or it is not known
 */
public record Column(
    String name,
    String declaredType,
    boolean notNull,
    boolean hasDefault,
    int primaryKeyIndex,
    boolean generated,
    boolean blobFree,
    String defaultSql) {

  /**
   * A column of an ordinary (non-STRICT) table, which may hold a value of any type, whose DEFAULT
   * text is not known.
   */
  public Column(
      String name,
      String declaredType,
      boolean notNull,
      boolean hasDefault,
      int primaryKeyIndex,
      boolean generated) {
    this(name, declaredType, notNull, hasDefault, primaryKeyIndex, generated, false, null);
  }

  public Affinity affinity() {
    return Affinity.of(declaredType);
  }

  /** Declared BOOLEAN/BOOL: rendered as JSON true/false, like sqlite-rest does. */
  public boolean isBoolean() {
    String t = declaredType.strip().toUpperCase(Locale.ROOT);
    return t.equals("BOOLEAN") || t.equals("BOOL");
  }

  /** Declared JSON/JSONB: rendered as embedded JSON when the stored text is valid JSON. */
  public boolean isJson() {
    String t = declaredType.strip().toUpperCase(Locale.ROOT);
    return t.equals("JSON") || t.equals("JSONB");
  }
}
