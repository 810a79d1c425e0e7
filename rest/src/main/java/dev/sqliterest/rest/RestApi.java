package dev.sqliterest.rest;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.error.ApiException;
import dev.sqliterest.rest.request.ApiRequest;
import dev.sqliterest.rest.request.Preferences;
import dev.sqliterest.rest.request.RequestReader;
import dev.sqliterest.sqlite.Database;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The PostgREST-compatible API engine: parse → access check → plan → compile → execute → respond,
 * for {@code GET/HEAD/POST/PATCH/PUT/DELETE /{table}}, and the OpenAPI description at {@code /}
 * ({@link Description}). Reads run on the database's read-only pool, writes on its single writer.
 * The only rest code that executes SQL (with {@link ReadExecutor} and {@link WriteExecutor}). Never
 * throws for a client mistake.
 */
public final class RestApi implements ApiHandler {

  private final RestApiOptions options;
  private final LiveSchema schema;
  private final ReadExecutor reads;
  private final WriteExecutor writes;
  private final Description description;

  public RestApi(Database database, RestApiOptions options) {
    this(database, options, true);
  }

  /** With {@code sqliteJson} false every body is rendered in Java (tests compare both). */
  RestApi(Database database, RestApiOptions options, boolean sqliteJson) {
    Objects.requireNonNull(database, "database");
    this.options = Objects.requireNonNull(options, "options");
    StatementCache statements = new StatementCache();
    this.schema = new LiveSchema(statements);
    try {
      database.read(schema::current); // so that knowsRelation can answer before the first request
    } catch (SQLException e) {
      throw new IllegalStateException("read the database schema: " + e.getMessage(), e);
    }
    this.reads = new ReadExecutor(database, schema, statements, options, sqliteJson);
    this.writes = new WriteExecutor(database, schema, statements, options);
    this.description = new Description(database, schema, options);
  }

  /**
   * Answers HEAD with the status and headers a GET would get, computed from row counts without
   * building the body (so no {@code Content-Length}); the transport sends no body for HEAD, so that
   * rule has one owner.
   */
  @Override
  public HttpResponseData handle(HttpRequestData http) {
    return respond(http);
  }

  @Override
  public boolean knowsRelation(String name) {
    return schema.latest().table(name).isPresent();
  }

  private HttpResponseData respond(HttpRequestData http) {
    try {
      return route(http);
    } catch (ApiException e) {
      return HttpResponseData.error(e.error());
    } catch (SQLException e) {
      return HttpResponseData.error(SqliteErrors.map(e));
    } catch (RuntimeException e) {
      // A bug, not a client mistake: still answer in the API's error shape.
      return HttpResponseData.error(
          new ApiError(
              500,
              "PGRSTX00",
              "internal error",
              e.getClass().getSimpleName() + ": " + e.getMessage(),
              null));
    }
    // anything else is a bug, not a client mistake: the transport logs it and answers a 500 that
    // names no exception
  }

  private HttpResponseData route(HttpRequestData http) throws SQLException {
    return switch (ApiPaths.route(http.path())) {
      case ApiPaths.Description d -> description.respond(http);
      case ApiPaths.Relation r -> relation(http, r.name());
      case ApiPaths.Console c -> throw ApiError.invalidPath().exception(); // console is off
      case ApiPaths.Invalid i -> throw ApiError.invalidPath().exception();
    };
  }

  private HttpResponseData relation(HttpRequestData http, String table) throws SQLException {
    Timing timing = new Timing();
    if (http.method().equals("OPTIONS")) {
      Optional<String> denied =
          options
              .accessPolicy()
              .denied(http.principal(), table, AccessPolicy.Action.READ, Set.of());
      if (denied.isPresent()) {
        throw ApiError.forbidden(denied.get(), table).exception();
      }
      return new Responses()
          .header("Allow", reads.allow(table, caller(http.principal())))
          .build(200, new byte[0]);
    }
    ApiRequest.Method method = method(http.method());
    ApiRequest request =
        RequestReader.read(
            method,
            table,
            http.rawQuery(),
            http::headers,
            http.body() == null ? new byte[0] : http.body(),
            options.plansEnabled());
    timing.mark("parse");
    Optional<String> denied = accessDenied(http.principal(), table, method, request);
    if (denied.isPresent()) {
      throw ApiError.forbidden(denied.get(), table).exception();
    }
    // an embedded table must be readable at all; its columns are checked once planned
    CallerAccess caller = caller(http.principal());
    for (String embedded : RequestColumns.embeddedTables(request.select())) {
      if (!caller.mayReadSome(embedded)) {
        String reason =
            options
                .accessPolicy()
                .denied(http.principal(), embedded, AccessPolicy.Action.READ, Set.of())
                .orElse(AllowListPolicy.DENIED_MESSAGE);
        throw ApiError.forbidden(reason, embedded).exception();
      }
    }
    return method.isRead()
        ? reads.execute(request, timing, caller)
        : writes.execute(request, timing, caller);
  }

  private CallerAccess caller(HttpRequestData.Principal principal) {
    return new CallerAccess(options.accessPolicy(), principal);
  }

  private static ApiRequest.Method method(String name) {
    return switch (name) {
      case "GET" -> ApiRequest.Method.GET;
      case "HEAD" -> ApiRequest.Method.HEAD;
      case "POST" -> ApiRequest.Method.POST;
      case "PATCH" -> ApiRequest.Method.PATCH;
      case "PUT" -> ApiRequest.Method.PUT;
      case "DELETE" -> ApiRequest.Method.DELETE;
      default -> throw ApiError.unsupportedMethod(name).exception();
    };
  }

  /**
   * Asks the policy about what the request writes (with its verbs) and what it reads (as READ): a
   * filtered update or delete reads its filter columns, a representation reads its selection. An
   * upsert (PUT, or POST with {@code resolution=merge-duplicates}) needs both INSERT and UPDATE, as
   * {@code INSERT … ON CONFLICT DO UPDATE} does in PostgreSQL.
   */
  private Optional<String> accessDenied(
      HttpRequestData.Principal principal,
      String table,
      ApiRequest.Method method,
      ApiRequest request) {
    AccessPolicy policy = options.accessPolicy();
    Optional<Set<String>> read = RequestColumns.read(request);
    if (method.isRead()) {
      return policy.denied(principal, table, AccessPolicy.Action.READ, read.orElse(Set.of()));
    }
    Set<String> written = RequestColumns.written(request);
    for (AccessPolicy.Action action : writeActions(method, request)) {
      Optional<String> denied = policy.denied(principal, table, action, written);
      if (denied.isPresent()) {
        return denied;
      }
    }
    return read.isEmpty()
        ? Optional.empty()
        : policy.denied(principal, table, AccessPolicy.Action.READ, read.get());
  }

  private static List<AccessPolicy.Action> writeActions(
      ApiRequest.Method method, ApiRequest request) {
    boolean merge = request.preferences().resolution() == Preferences.Resolution.MERGE_DUPLICATES;
    return switch (method) {
      case POST ->
          merge
              ? List.of(AccessPolicy.Action.INSERT, AccessPolicy.Action.UPDATE)
              : List.of(AccessPolicy.Action.INSERT);
      case PUT -> List.of(AccessPolicy.Action.INSERT, AccessPolicy.Action.UPDATE);
      case PATCH -> List.of(AccessPolicy.Action.UPDATE);
      case DELETE -> List.of(AccessPolicy.Action.DELETE);
      case GET, HEAD -> List.of(AccessPolicy.Action.READ);
    };
  }
}
