package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.request.ApiRequest;
import dev.sqliterest.rest.schema.SchemaCache;
import dev.sqliterest.rest.schema.Table;
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
   * @param maxRows the server's row cap, 0 for none
   */
  public static ReadPlan read(ApiRequest request, SchemaCache schema, Table table, long maxRows) {
    Resolver r = Resolver.forRead(table, schema, request.embedQueries());
    OptionalLong limit = request.limit();
    if (maxRows > 0 && (limit.isEmpty() || limit.getAsLong() > maxRows)) {
      limit = OptionalLong.of(maxRows);
    }
    ReadPlan plan =
        new ReadPlan(
            table,
            r.select(request.select()),
            r.where(request.filters()),
            r.order(request.order()),
            request.offset(),
            limit);
    r.requireEmbedQueriesUsed();
    return plan;
  }
}
