package dev.sqliterest.rest.plan;

/**
 * One column of the response.
 *
 * @param key the JSON key / CSV header
 * @param ref the value's source column (null for an embed)
 * @param cast the requested cast, or null
 * @param render how the value becomes JSON
 * @param embed the embedded relation producing this value (null for a column)
 */
public record Output(String key, ColumnRef ref, CastType cast, Render render, Embed embed) {

  public Output(String key, ColumnRef ref, CastType cast, Render render) {
    this(key, ref, cast, render, null);
  }
}
