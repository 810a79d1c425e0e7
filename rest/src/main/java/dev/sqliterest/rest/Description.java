package dev.sqliterest.rest;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.openapi.OpenApiDocument;
import dev.sqliterest.rest.openapi.Resource;
import dev.sqliterest.rest.request.MediaType;
import dev.sqliterest.rest.schema.Column;
import dev.sqliterest.rest.schema.ForeignKey;
import dev.sqliterest.rest.schema.SchemaCache;
import dev.sqliterest.rest.schema.Table;
import dev.sqliterest.sqlite.Database;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /}: the OpenAPI description of exactly what the caller may read, built from the live
 * schema on every request (so a column another process adds appears at once) and the access policy:
 * tables it may read, with the columns it may read, foreign keys among those, and the writes it may
 * make.
 */
final class Description {

  private final Database database;
  private final LiveSchema schema;
  private final RestApiOptions options;

  Description(Database database, LiveSchema schema, RestApiOptions options) {
    this.database = database;
    this.schema = schema;
    this.options = options;
  }

  HttpResponseData respond(HttpRequestData http) throws SQLException {
    switch (http.method()) {
      case "OPTIONS" -> {
        return new Responses().header("Allow", "OPTIONS,GET,HEAD").build(200, new byte[0]);
      }
      case "GET", "HEAD" -> {}
      default -> throw ApiError.unsupportedMethod(http.method()).exception();
    }
    String accept = http.header("Accept").orElse(null);
    boolean openapi =
        accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openapi+json");
    if (!openapi && MediaType.negotiate(accept, false).type() != MediaType.JSON) {
      throw ApiError.notAcceptable(accept).exception();
    }
    SchemaCache cache = database.read(schema::current);
    byte[] body =
        OpenApiDocument.json(
            visible(cache, new CallerAccess(options.accessPolicy(), http.principal())),
            new OpenApiDocument.Settings(cache.version(), options.bearerAuth(), options.maxRows()));
    return new Responses().header("Content-Type", OpenApiDocument.CONTENT_TYPE).build(200, body);
  }

  /** The tables and views the caller may read some column of, by name. */
  private static List<Resource> visible(SchemaCache cache, CallerAccess caller) {
    Map<String, List<Column>> readable = new LinkedHashMap<>();
    for (Table t :
        cache.tables().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
      if (!caller.mayReadSome(t.name())) {
        continue;
      }
      List<Column> columns =
          t.columns().stream()
              .filter(c -> caller.may(t.name(), AccessPolicy.Action.READ, Set.of(c.name())))
              .toList();
      if (!columns.isEmpty()) {
        readable.put(t.name(), columns);
      }
    }
    List<Resource> resources = new ArrayList<>();
    readable.forEach(
        (name, columns) -> {
          Table t = cache.table(name).orElseThrow();
          List<ForeignKey> keys =
              t.foreignKeys().stream()
                  .filter(fk -> readsAll(readable.get(name), fk.columns()))
                  .filter(
                      fk ->
                          readable.containsKey(fk.referencedTable())
                              && readsAll(
                                  readable.get(fk.referencedTable()), fk.referencedColumns()))
                  .toList();
          resources.add(
              new Resource(
                  t,
                  columns,
                  keys,
                  mayWriteSome(caller, t, AccessPolicy.Action.INSERT),
                  mayWriteSome(caller, t, AccessPolicy.Action.UPDATE),
                  caller.may(name, AccessPolicy.Action.DELETE, Set.of())));
        });
    return resources;
  }

  private static boolean readsAll(List<Column> readable, List<String> names) {
    return names.stream().allMatch(n -> readable.stream().anyMatch(c -> c.name().equals(n)));
  }

  /** Whether the caller may write at least one column of {@code t} with {@code action}. */
  private static boolean mayWriteSome(CallerAccess caller, Table t, AccessPolicy.Action action) {
    return t.columns().stream().anyMatch(c -> caller.may(t.name(), action, Set.of(c.name())));
  }
}
