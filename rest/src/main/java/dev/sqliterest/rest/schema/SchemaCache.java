package dev.sqliterest.rest.schema;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An immutable snapshot of the database schema, tagged with the {@code PRAGMA schema_version} it
 * was read at.
 */
public record SchemaCache(int version, Map<String, Table> tables) {

  public SchemaCache {
    tables = Map.copyOf(tables);
  }

  public Optional<Table> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  /**
   * The table name closest to {@code name} (edit distance at most 3) among those {@code among}
   * accepts, for a "perhaps" hint.
   */
  public Optional<String> closest(String name, Predicate<String> among) {
    return tables.keySet().stream()
        .filter(among)
        .filter(t -> distance(t, name) <= Math.min(3, Math.max(1, name.length() / 2)))
        .min(Comparator.comparingInt((String t) -> distance(t, name)).thenComparing(t -> t));
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
