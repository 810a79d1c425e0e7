package dev.sqliterest.rest.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a {@link SchemaCache} from {@code sqlite_schema} and the {@code pragma_table_xinfo}, {@code
 * pragma_index_list} and {@code pragma_index_info} table functions.
 */
public final class SchemaLoader {

  /**
   * The statement SQLite stores for an FTS5 table: {@code CREATE VIRTUAL TABLE x USING fts5(…)}.
   */
  private static final Pattern FTS5 =
      Pattern.compile(
          "\\s*CREATE\\s+VIRTUAL\\s+TABLE\\s.*?\\sUSING\\s+[\"'`\\[]?fts5\\b",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private SchemaLoader() {}

  /** The database's current schema cookie (cheap: read from the file header). */
  public static int schemaVersion(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Loads every table and view of the main schema, except SQLite's internal ones. */
  public static SchemaCache load(Connection connection) throws SQLException {
    int version = schemaVersion(connection);
    Map<String, Boolean> objects = new TreeMap<>();
    Set<String> viewsWithTriggers = new LinkedHashSet<>();
    Set<String> fullText = new LinkedHashSet<>();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type IN"
                    + " ('table','view','trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
      while (rs.next()) {
        String type = rs.getString(1);
        if (type.equals("trigger")) {
          viewsWithTriggers.add(rs.getString(3));
        } else {
          objects.put(rs.getString(2), type.equals("view"));
          if (rs.getString(4) != null && FTS5.matcher(rs.getString(4)).lookingAt()) {
            fullText.add(rs.getString(2));
          }
        }
      }
    }
    Map<String, Table> tables = new HashMap<>();
    for (Map.Entry<String, Boolean> e : objects.entrySet()) {
      String name = e.getKey();
      boolean view = e.getValue();
      List<Column> columns = columns(connection, name, strict(connection, name));
      List<String> pk = primaryKey(columns);
      List<Set<String>> unique = view ? List.of() : uniqueKeys(connection, name, pk);
      tables.put(
          name,
          new Table(
              name,
              view,
              columns,
              pk,
              unique,
              !view || viewsWithTriggers.contains(name),
              view ? List.of() : foreignKeys(connection, name),
              fullText.contains(name)));
    }
    return new SchemaCache(version, resolveImplicitTargets(tables));
  }

  private static boolean strict(Connection connection, String table) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT strict FROM pragma_table_list WHERE schema = 'main' AND name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getInt(1) == 1;
      }
    }
  }

  private static List<Column> columns(Connection connection, String table, boolean strict)
      throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?)")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int hidden = rs.getInt(6);
          if (hidden == 1) {
            continue; // hidden columns of virtual tables are not part of the row
          }
          String type = rs.getString(2) == null ? "" : rs.getString(2);
          boolean blobFree =
              strict
                  && List.of("INT", "INTEGER", "REAL", "TEXT")
                      .contains(type.toUpperCase(java.util.Locale.ROOT));
          columns.add(
              new Column(
                  rs.getString(1),
                  type,
                  rs.getInt(3) != 0,
                  rs.getString(4) != null,
                  rs.getInt(5),
                  hidden == 2 || hidden == 3,
                  blobFree,
                  rs.getString(4)));
        }
      }
    }
    return columns;
  }

  private static List<ForeignKey> foreignKeys(Connection connection, String table)
      throws SQLException {
    Map<Integer, List<String[]>> byId = new TreeMap<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id,"
                + " seq")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byId.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
              .add(new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
        }
      }
    }
    List<ForeignKey> keys = new ArrayList<>();
    for (List<String[]> parts : byId.values()) {
      List<String> from = parts.stream().map(p -> p[1]).toList();
      // "to" is NULL when the key references the parent's primary key implicitly
      List<String> to = parts.stream().map(p -> p[2] == null ? "" : p[2]).toList();
      keys.add(new ForeignKey(table, from, parts.getFirst()[0], to));
    }
    return keys;
  }

  /** Fills implicit ({@code REFERENCES parent} without columns) targets with the parent's key. */
  private static Map<String, Table> resolveImplicitTargets(Map<String, Table> tables) {
    Map<String, Table> resolved = new HashMap<>();
    for (Table t : tables.values()) {
      List<ForeignKey> keys = new ArrayList<>();
      for (ForeignKey fk : t.foreignKeys()) {
        Table parent = tables.get(fk.referencedTable());
        if (fk.referencedColumns().contains("") && parent != null) {
          fk = new ForeignKey(fk.table(), fk.columns(), fk.referencedTable(), parent.primaryKey());
        }
        if (parent != null && fk.referencedColumns().size() == fk.columns().size()) {
          keys.add(fk);
        }
      }
      resolved.put(
          t.name(),
          new Table(
              t.name(),
              t.view(),
              t.columns(),
              t.primaryKey(),
              t.uniqueKeys(),
              t.updatable(),
              keys,
              t.fullText()));
    }
    return resolved;
  }

  private static List<String> primaryKey(List<Column> columns) {
    return columns.stream()
        .filter(c -> c.primaryKeyIndex() > 0)
        .sorted((a, b) -> Integer.compare(a.primaryKeyIndex(), b.primaryKeyIndex()))
        .map(Column::name)
        .toList();
  }

  private static List<Set<String>> uniqueKeys(Connection connection, String table, List<String> pk)
      throws SQLException {
    List<Set<String>> keys = new ArrayList<>();
    if (!pk.isEmpty()) {
      keys.add(Set.copyOf(pk));
    }
    List<String> indexes = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1 AND partial = 0")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          indexes.add(rs.getString(1));
        }
      }
    }
    for (String index : indexes) {
      Set<String> cols = new LinkedHashSet<>();
      boolean expression = false;
      try (PreparedStatement ps =
          connection.prepareStatement("SELECT name FROM pragma_index_info(?)")) {
        ps.setString(1, index);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String col = rs.getString(1);
            expression |= col == null;
            cols.add(col == null ? "" : col);
          }
        }
      }
      if (!expression && !cols.isEmpty() && !keys.contains(Set.copyOf(cols))) {
        keys.add(Set.copyOf(cols));
      }
    }
    return keys;
  }
}
