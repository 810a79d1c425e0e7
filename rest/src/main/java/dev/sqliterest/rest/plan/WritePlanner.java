package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.grammar.Condition;
import dev.sqliterest.rest.request.ApiRequest;
import dev.sqliterest.rest.request.Payload;
import dev.sqliterest.rest.request.Preferences;
import dev.sqliterest.rest.schema.Column;
import dev.sqliterest.rest.schema.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Plans POST, PATCH, PUT and DELETE with PostgREST's rules. */
public final class WritePlanner {

  private WritePlanner() {}

  public static MutatePlan plan(ApiRequest request, Table table) {
    if (!table.updatable()) {
      throw new ApiError(
              405,
              "PGRST117",
              "cannot " + request.method() + " on view '" + table.name() + "'",
              "the view has no INSTEAD OF triggers, so it is read-only",
              null)
          .exception();
    }
    if (!request.embedQueries().isEmpty()) {
      throw new ApiError(
              400,
              "PGRST108",
              "filters, order and windows on embedded resources are not supported in writes",
              "'" + String.join(".", request.embedQueries().getFirst().path()) + "'",
              null)
          .exception();
    }
    Resolver r = new Resolver(table);
    List<Output> returning = returning(request, table, r);
    return switch (request.method()) {
      case POST -> insert(request, table, returning);
      case PUT -> put(request, table, r, returning);
      case PATCH -> update(request, table, r, returning);
      case DELETE -> new MutatePlan.Delete(table, r.where(request.filters()), returning);
      case GET, HEAD -> throw new IllegalArgumentException("not a write: " + request.method());
    };
  }

  private static List<Output> returning(ApiRequest request, Table table, Resolver r) {
    return switch (request.preferences().returnOrMinimal()) {
      case REPRESENTATION -> r.select(request.select());
      case HEADERS_ONLY ->
          request.method() == ApiRequest.Method.POST
              ? table.primaryKey().stream()
                  .map(pk -> table.column(pk).orElseThrow())
                  .map(
                      c -> new Output(c.name(), new ColumnRef(c, null, false), null, Render.NATIVE))
                  .toList()
              : List.of();
      case MINIMAL -> List.of();
    };
  }

  private static MutatePlan.Insert insert(ApiRequest request, Table table, List<Output> returning) {
    Payload payload = request.payload();
    List<Column> columns = columns(request, table);
    if (request.columns() == null
        && !payload.uniformKeys()
        && !request.preferences().missingDefault()) {
      throw ApiError.invalidBody(
              "All object keys must match",
              "use ?columns= or Prefer: missing=default for objects with different keys")
          .exception();
    }
    MutatePlan.Conflict conflict = conflict(request, table);
    return new MutatePlan.Insert(
        table,
        columns,
        payload.rows(),
        request.preferences().missingDefault(),
        conflict,
        returning,
        null);
  }

  /** The written columns: {@code ?columns=} if given, else every payload key; all validated. */
  private static List<Column> columns(ApiRequest request, Table table) {
    List<String> names =
        request.columns() != null ? request.columns() : List.copyOf(request.payload().keys());
    List<Column> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      Column c =
          table
              .column(name)
              .orElseThrow(() -> ApiError.unknownPayloadColumn(table.name(), name).exception());
      if (c.generated()) {
        throw new ApiError(
                400,
                "428C9",
                "cannot insert a non-DEFAULT value into column \"" + name + "\"",
                "column \"" + name + "\" is a generated column",
                null)
            .exception();
      }
      if (seen.add(name)) {
        columns.add(c);
      }
    }
    return columns;
  }

  private static MutatePlan.Conflict conflict(ApiRequest request, Table table) {
    Preferences.Resolution resolution = request.preferences().resolution();
    if (resolution == Preferences.Resolution.NONE) {
      return null;
    }
    List<String> target = request.onConflict() != null ? request.onConflict() : table.primaryKey();
    if (target.isEmpty()) {
      return null; // PostgREST: no primary key and no on_conflict means a plain insert
    }
    for (String name : target) {
      if (table.column(name).isEmpty()) {
        throw ApiError.unknownColumn(table.name(), name).exception();
      }
    }
    if (!table.uniqueKeys().contains(Set.copyOf(target))) {
      throw new ApiError(
              400,
              "42P10",
              "there is no unique or exclusion constraint matching the ON CONFLICT specification",
              "on_conflict="
                  + String.join(",", target)
                  + " is not a primary key or unique index of '"
                  + table.name()
                  + "'",
              null)
          .exception();
    }
    return new MutatePlan.Conflict(resolution, target);
  }

  private static MutatePlan.Update update(
      ApiRequest request, Table table, Resolver r, List<Output> returning) {
    Payload payload = request.payload();
    if (payload.rows().size() != 1) {
      throw ApiError.invalidBody(
              "PATCH expects exactly one JSON object", "got " + payload.rows().size() + " objects")
          .exception();
    }
    Map<String, Object> row = payload.rows().getFirst();
    Map<Column, Object> values = new LinkedHashMap<>();
    for (Column c : columns(request, table)) {
      if (row.containsKey(c.name())) {
        values.put(c, row.get(c.name()));
      } else if (!request.preferences().missingDefault()) {
        values.put(c, null);
      }
    }
    return new MutatePlan.Update(table, values, r.where(request.filters()), returning);
  }

  /** PUT: a single-row upsert addressed by every primary-key column with {@code eq}. */
  private static MutatePlan.Insert put(
      ApiRequest request, Table table, Resolver r, List<Output> returning) {
    List<String> pk = table.primaryKey();
    Map<String, String> key = new LinkedHashMap<>();
    boolean onlyPkEq = !pk.isEmpty();
    for (Condition c : request.filters()) {
      if (c instanceof Condition.Filter f
          && f.operator() == dev.sqliterest.rest.grammar.Operator.EQ
          && !f.negated()
          && f.quantifier() == Condition.Quantifier.NONE
          && f.field().path().isEmpty()
          && pk.contains(f.field().name())
          && !key.containsKey(f.field().name())) {
        key.put(f.field().name(), f.value());
      } else {
        onlyPkEq = false;
      }
    }
    if (!onlyPkEq || !key.keySet().equals(Set.copyOf(pk))) {
      throw new ApiError(
              405,
              "PGRST105",
              "Filters must include all and only primary key columns with 'eq' operators",
              pk.isEmpty()
                  ? "table '" + table.name() + "' has no primary key"
                  : "primary key: " + pk,
              null)
          .exception();
    }
    if (request.offset() > 0 || request.limit().isPresent()) {
      throw new ApiError(
              400,
              "PGRST114",
              "limit/offset querystring parameters are not allowed for PUT",
              null,
              null)
          .exception();
    }
    Payload payload = request.payload();
    if (payload.rows().size() != 1) {
      throw ApiError.invalidBody(
              "PUT expects exactly one JSON object", "got " + payload.rows().size())
          .exception();
    }
    Map<String, Object> row = payload.rows().getFirst();
    for (Map.Entry<String, String> k : key.entrySet()) {
      Object v = row.get(k.getKey());
      if (!row.containsKey(k.getKey())
          || !Objects.equals(v == null ? null : v.toString(), k.getValue())) {
        throw new ApiError(
                400,
                "PGRST115",
                "Payload values do not match URL in primary key column(s)",
                null,
                null)
            .exception();
      }
    }
    r.where(request.filters()); // validates the filter columns exist (they are the key)
    List<Column> columns = columns(request, table);
    return new MutatePlan.Insert(
        table,
        columns,
        payload.rows(),
        false,
        new MutatePlan.Conflict(Preferences.Resolution.MERGE_DUPLICATES, pk),
        returning,
        key);
  }
}
