package dev.sqliterest.rest.grammar;

import java.util.List;

/**
 * A column reference, optionally followed by a JSON path: {@code data->a->>b} is column {@code
 * data}, path {@code [a, b]}, {@code textArrow} true (the last arrow was {@code ->>}).
 *
 * @param name the column name as written (unquoted)
 * @param path JSON path keys; an all-digit key (optionally negative) is an array index
 * @param textArrow whether the last arrow is {@code ->>} (scalar) rather than {@code ->} (JSON)
 */
public record Field(String name, List<String> path, boolean textArrow) {

  public Field {
    path = List.copyOf(path);
  }

  public static Field column(String name) {
    return new Field(name, List.of(), false);
  }

  /** The key PostgREST uses in output: the last JSON path element, else the column name. */
  public String outputName() {
    return path.isEmpty() ? name : path.getLast();
  }
}
