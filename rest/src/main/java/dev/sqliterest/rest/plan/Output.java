package dev.sqliterest.rest.plan;

/**
 * One column of the response.
 *
 * @param key the JSON key / CSV header
 * @param ref the value's source column (null for an embed)
 * @param cast the requested cast, or null
 * @param render how the value becomes JSON
 * @param embed the embedded relation producing this value (null for a column)
 * @param aggregate the aggregate function over {@code ref} (null for a plain value; {@code ref} is
 *     null for {@code count()})
 */
public record Output(
    String key, ColumnRef ref, CastType cast, Render render, Embed embed, AggregateCall aggregate) {

  public Output(String key, ColumnRef ref, CastType cast, Render render) {
    this(key, ref, cast, render, null, null);
  }

  public Output(String key, ColumnRef ref, CastType cast, Render render, Embed embed) {
    this(key, ref, cast, render, embed, null);
  }

  /** Whether any of {@code outputs} aggregates: then the others are the grouping. */
  public static boolean grouped(java.util.List<Output> outputs) {
    return outputs.stream().anyMatch(o -> o.aggregate() != null);
  }
}
