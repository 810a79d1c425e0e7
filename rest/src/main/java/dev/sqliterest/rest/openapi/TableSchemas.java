package dev.sqliterest.rest.openapi;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sqliterest.rest.schema.Affinity;
import dev.sqliterest.rest.schema.Column;
import dev.sqliterest.rest.schema.ForeignKey;
import dev.sqliterest.rest.schema.Table;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The JSON Schema of a table's rows as the API renders them: a column's type follows its declared
 * type's affinity ({@code BOOLEAN} as boolean, {@code JSON} as any value, {@code BLOB} as base64
 * text, no declared type as any value), nullable unless {@code NOT NULL} or the rowid; keys are
 * noted as PostgREST notes them ({@code <pk/>}, {@code <fk table='…' column='…'/>}) and in {@code
 * x-primary-key}/{@code x-foreign-keys}.
 */
final class TableSchemas {

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
  private static final Pattern REAL =
      Pattern.compile("[+-]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][+-]?\\d+)?");

  private TableSchemas() {}

  static void write(JsonGenerator g, Resource r) throws IOException {
    Table t = r.table();
    g.writeStartObject();
    g.writeStringField("type", "object");
    g.writeStringField(
        "description",
        (t.view() ? "View " : "Table ")
            + t.name()
            + (t.updatable() ? "" : " (read-only)")
            + (t.primaryKey().isEmpty()
                ? ""
                : "; primary key (" + String.join(", ", t.primaryKey()) + ")"));
    List<String> required = new ArrayList<>();
    for (Column c : r.columns()) {
      if (t.updatable() && c.notNull() && !c.hasDefault() && !c.generated()) {
        required.add(c.name());
      }
    }
    if (!required.isEmpty()) {
      g.writeArrayFieldStart("required");
      for (String name : required) {
        g.writeString(name);
      }
      g.writeEndArray();
    }
    g.writeObjectFieldStart("properties");
    for (Column c : r.columns()) {
      g.writeFieldName(c.name());
      column(g, t, c, r.foreignKeys());
    }
    g.writeEndObject();
    if (!t.primaryKey().isEmpty()) {
      g.writeArrayFieldStart("x-primary-key");
      for (String name : t.primaryKey()) {
        g.writeString(name);
      }
      g.writeEndArray();
    }
    if (!r.foreignKeys().isEmpty()) {
      g.writeArrayFieldStart("x-foreign-keys");
      for (ForeignKey fk : r.foreignKeys()) {
        g.writeStartObject();
        strings(g, "columns", fk.columns());
        g.writeStringField("references", fk.referencedTable());
        strings(g, "referencedColumns", fk.referencedColumns());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void column(JsonGenerator g, Table t, Column c, List<ForeignKey> keys)
      throws IOException {
    g.writeStartObject();
    String type = jsonType(c);
    if (type != null) {
      if (nullable(t, c)) {
        g.writeArrayFieldStart("type");
        g.writeString(type);
        g.writeString("null");
        g.writeEndArray();
      } else {
        g.writeStringField("type", type);
      }
      if (c.affinity() == Affinity.BLOB) {
        g.writeStringField("contentEncoding", "base64");
      }
    }
    if (!c.declaredType().isBlank()) {
      g.writeStringField("format", c.declaredType().strip());
    }
    boolean literalDefault = c.defaultSql() != null && defaultValue(g, type, c);
    if (c.generated()) {
      g.writeBooleanField("readOnly", true);
    }
    List<String> notes = new ArrayList<>();
    if (c.primaryKeyIndex() > 0) {
      notes.add("This is a Primary Key.<pk/>");
    }
    for (ForeignKey fk : keys) {
      int i = fk.columns().indexOf(c.name());
      if (i >= 0) {
        String target = fk.referencedColumns().get(i);
        notes.add(
            "This is a Foreign Key to `"
                + fk.referencedTable()
                + "."
                + target
                + "`.<fk table='"
                + fk.referencedTable()
                + "' column='"
                + target
                + "'/>");
      }
    }
    String description = notes.isEmpty() ? "" : "Note:\n" + String.join("\n", notes);
    if (c.defaultSql() != null && !literalDefault) {
      description += (description.isEmpty() ? "" : "\n") + "Default: " + c.defaultSql();
    }
    if (!description.isEmpty()) {
      g.writeStringField("description", description);
    }
    g.writeEndObject();
  }

  /** The JSON type of the column's values, or null when any value may appear. */
  private static String jsonType(Column c) {
    if (c.isBoolean()) {
      return "boolean";
    }
    if (c.isJson() || c.declaredType().isBlank() || c.declaredType().equalsIgnoreCase("ANY")) {
      return null;
    }
    return switch (c.affinity()) {
      case INTEGER -> "integer";
      case REAL, NUMERIC -> "number";
      case TEXT, BLOB -> "string";
    };
  }

  /** An INTEGER PRIMARY KEY is the rowid: never null even without NOT NULL. */
  private static boolean nullable(Table t, Column c) {
    boolean rowid =
        t.primaryKey().equals(List.of(c.name()))
            && c.declaredType().strip().equalsIgnoreCase("INTEGER");
    return !c.notNull() && !rowid;
  }

  /**
   * Writes {@code default} when the SQL default is a literal of the column's JSON type; returns
   * false for expressions ({@code CURRENT_TIMESTAMP}), which the description names instead.
   */
  private static boolean defaultValue(JsonGenerator g, String type, Column c) throws IOException {
    String s = c.defaultSql().strip();
    while (s.length() > 1 && s.startsWith("(") && s.endsWith(")")) {
      s = s.substring(1, s.length() - 1).strip();
    }
    if (s.equalsIgnoreCase("NULL")) {
      g.writeNullField("default");
      return true;
    }
    if (type == null) {
      return false;
    }
    switch (type) {
      case "integer" -> {
        if (INTEGER.matcher(s).matches()) {
          g.writeNumberField("default", Long.parseLong(s));
          return true;
        }
      }
      case "number" -> {
        if (REAL.matcher(s).matches()) {
          g.writeFieldName("default");
          g.writeNumber(new BigDecimal(s));
          return true;
        }
      }
      case "boolean" -> {
        String b = s.toLowerCase(Locale.ROOT);
        if (b.equals("1") || b.equals("0") || b.equals("true") || b.equals("false")) {
          g.writeBooleanField("default", b.equals("1") || b.equals("true"));
          return true;
        }
      }
      case "string" -> {
        if (c.affinity() == Affinity.TEXT
            && s.length() >= 2
            && s.startsWith("'")
            && s.endsWith("'")) {
          g.writeStringField("default", s.substring(1, s.length() - 1).replace("''", "'"));
          return true;
        }
      }
      default -> {}
    }
    return false;
  }

  private static void strings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
