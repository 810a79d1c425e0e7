package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.request.ApiRequest;
import dev.sqliterest.rest.schema.SchemaCache;
import dev.sqliterest.rest.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;

/** Resolves requests against the schema cache. */
public final class Planner {

  private Planner() {}

  /**
   * The table or view named by the request, or 404 PGRST205 with a "perhaps" hint naming only a
   * table {@code hintable} accepts (one the caller may read), so a 404 does not list hidden tables.
   */
  public static Table target(SchemaCache schema, String name, Predicate<String> hintable) {
    return schema
        .table(name)
        .orElseThrow(
            () ->
                ApiError.unknownTable(
                        name,
                        schema
                            .closest(name, hintable)
                            .map(t -> "Perhaps you meant the table '" + t + "'")
                            .orElse(null))
                    .exception());
  }

  /**
   * Plans a GET/HEAD; embedded resources are resolved through {@code schema}.
   *
   * @param maxRows the server's row cap (PostgREST's {@code db-max-rows}), 0 for none: it caps the
   *     rows of the read and of every embedded array, at any depth
   * @param aggregates whether aggregate functions are enabled (otherwise they are 400 PGRST123)
   */
  public static ReadPlan read(
      ApiRequest request, SchemaCache schema, Table table, long maxRows, boolean aggregates) {
    Resolver r = Resolver.forRead(table, schema, request.embedQueries(), aggregates);
    List<Output> outputs = r.select(request.select());
    List<Sort> order = r.order(request.order());
    Resolver.requireGroupedOrder(table, outputs, order);
    ReadPlan plan =
        new ReadPlan(
            table,
            capEmbeds(outputs, maxRows),
            r.where(request.filters()),
            order,
            request.offset(),
            capped(request.limit(), maxRows));
    r.requireEmbedQueriesUsed();
    return plan;
  }

  private static OptionalLong capped(OptionalLong limit, long maxRows) {
    return maxRows > 0 && (limit.isEmpty() || limit.getAsLong() > maxRows)
        ? OptionalLong.of(maxRows)
        : limit;
  }

  /** {@code outputs} with every one-to-many embed limited to {@code maxRows} rows. */
  private static List<Output> capEmbeds(List<Output> outputs, long maxRows) {
    if (maxRows <= 0) {
      return outputs;
    }
    List<Output> capped = new ArrayList<>(outputs.size());
    for (Output o : outputs) {
      Embed e = o.embed();
      if (e == null) {
        capped.add(o);
        continue;
      }
      Embed limited = e.withOutputs(capEmbeds(e.outputs(), maxRows));
      if (e.toMany()) {
        limited = limited.withLimit(capped(e.limit(), maxRows));
      }
      capped.add(new Output(o.key(), o.ref(), o.cast(), o.render(), limited));
    }
    return capped;
  }
}
