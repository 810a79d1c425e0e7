package dev.sqliterest.rest;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.error.ApiException;
import dev.sqliterest.rest.plan.Planner;
import dev.sqliterest.rest.plan.ReadPlan;
import dev.sqliterest.rest.request.ApiRequest;
import dev.sqliterest.rest.request.MediaType;
import dev.sqliterest.rest.request.Preferences;
import dev.sqliterest.rest.response.ContentRange;
import dev.sqliterest.rest.response.PlanBody;
import dev.sqliterest.rest.response.RowWriter;
import dev.sqliterest.rest.schema.SchemaCache;
import dev.sqliterest.rest.schema.Table;
import dev.sqliterest.rest.sql.SqlCompiler;
import dev.sqliterest.rest.sql.SqlStatement;
import dev.sqliterest.sqlite.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Runs GET/HEAD on a pooled read-only connection: plan, count, select, render. */
final class ReadExecutor {

  private final Database database;
  private final LiveSchema schema;
  private final StatementCache statements;
  private final RestApiOptions options;
  private final boolean sqliteJson;

  ReadExecutor(
      Database database,
      LiveSchema schema,
      StatementCache statements,
      RestApiOptions options,
      boolean sqliteJson) {
    this.database = database;
    this.schema = schema;
    this.statements = statements;
    this.options = options;
    this.sqliteJson = sqliteJson;
  }

  /**
   * The {@code Allow} header for a table, as PostgREST: read-only views get only the read methods,
   * and PUT needs a primary key.
   */
  String allow(String tableName, CallerAccess caller) throws SQLException {
    Table table =
        database.read(c -> Planner.target(schema.current(c), tableName, caller::mayReadSome));
    if (!table.updatable()) {
      return "OPTIONS,GET,HEAD";
    }
    return table.primaryKey().isEmpty()
        ? "OPTIONS,GET,HEAD,POST,PATCH,DELETE"
        : "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE";
  }

  /**
   * Reads that return more rows than this are streamed to the client (from a leased connection, in
   * one snapshot) instead of rendered in memory; up to it the faster in-memory rendering runs.
   */
  static final int STREAM_ABOVE_ROWS = 1000;

  /** Runs a read for {@code caller} (whose grants also cover the embeds once planned). */
  HttpResponseData execute(ApiRequest request, Timing timing, CallerAccess caller)
      throws SQLException {
    HttpResponseData inMemory =
        database.read(connection -> run(connection, request, timing, caller));
    return inMemory != null ? inMemory : streamed(request, timing, caller);
  }

  private ReadPlan plan(Connection connection, ApiRequest request, CallerAccess caller)
      throws SQLException {
    SchemaCache cache = schema.current(connection);
    Table table = Planner.target(cache, request.table(), caller::mayReadSome);
    ReadPlan plan =
        Planner.read(request, cache, table, options.maxRows(), options.aggregatesEnabled());
    caller.checkEmbeds(table, plan.outputs());
    return plan;
  }

  /** The whole response rendered in memory, or null when the read has too many rows for that. */
  private HttpResponseData run(
      Connection connection, ApiRequest request, Timing timing, CallerAccess caller)
      throws SQLException {
    Timing.Position start = timing.position();
    HttpResponseData planned = planFromCachedSchema(connection, request, timing, caller);
    if (planned != null) {
      return planned == STREAM ? null : planned;
    }
    timing.rewind(start);
    ReadPlan plan = plan(connection, request, caller);
    timing.mark("plan");
    if (request.accept().plan() != null) {
      boolean json = sqliteJson && sqliteJsonApplies(plan, request);
      return explain(
          connection, json ? SqlCompiler.selectJsonArray(plan) : SqlCompiler.select(plan), request);
    }
    boolean counting = request.preferences().count() != Preferences.Count.NONE;
    if (counting) {
      // One snapshot for the counts and the rows, so Content-Range is consistent.
      connection.setAutoCommit(false);
    }
    OptionalLong total =
        counting
            ? OptionalLong.of(count(connection, SqlCompiler.count(plan)))
            : OptionalLong.empty();
    if (request.method() == ApiRequest.Method.HEAD) {
      // the headers a GET would send, from counts alone: no body is built
      long rows = rows(connection, plan, total);
      timing.mark("query", "count");
      return respond(request, plan, rows, total, timing, ResponseBody.notRendered());
    }
    boolean streams = streams();
    ReadPlan probe = probe(plan);
    Rendered rendered = null;
    if (sqliteJson && sqliteJsonApplies(plan, request)) {
      rendered = sqliteJson(connection, probe, request, NO_VERSION_CHECK);
    }
    if (rendered == null) {
      rendered = javaRendered(connection, probe, request);
    }
    if (streams && rendered.rows() > STREAM_ABOVE_ROWS) {
      return null;
    }
    timing.mark("query", rendered.renderer());
    return respond(request, plan, rendered.rows(), total, timing, ResponseBody.of(rendered.body()));
  }

  /** What {@link #planFromCachedSchema} answers for a read that must be streamed. */
  private static final HttpResponseData STREAM =
      new HttpResponseData(0, Map.of(), ResponseBody.EMPTY, OptionalLong.empty());

  /**
   * The common read (a GET of SQLite-built JSON, no count) in one statement: planned with the
   * schema last read, run with the schema version as an extra column, kept only when that version
   * is still the plan's. This saves the version check's own statement and read transaction (under
   * GET-by-key load about a tenth of the server's CPU). Null when the request does not qualify or
   * the plan turned out to be from an old schema: then the request runs the usual way, which checks
   * the version first (a read has no effects, so the client sees the same answer). When the query
   * fails or its BLOB guard fires, the version is checked on its own: with the plan still current
   * the failure is the request's error (the query is not run again) and a BLOB sends the read to
   * the Java writer, as in the usual way. {@link #STREAM} when the read has too many rows to render
   * in memory.
   */
  private HttpResponseData planFromCachedSchema(
      Connection connection, ApiRequest request, Timing timing, CallerAccess caller)
      throws SQLException {
    SchemaCache cache = schema.latest();
    if (!sqliteJson
        || cache == null
        || !sqliteJsonFormat(request) // else planned here for nothing, then again below
        || request.method() != ApiRequest.Method.GET
        || request.accept().plan() != null
        || request.preferences().count() != Preferences.Count.NONE) {
      return null;
    }
    ReadPlan plan;
    try {
      Table table = Planner.target(cache, request.table(), caller::mayReadSome);
      plan = Planner.read(request, cache, table, options.maxRows(), options.aggregatesEnabled());
      caller.checkEmbeds(table, plan.outputs());
    } catch (ApiException e) {
      return null; // reported by the usual way, planned from the current schema
    }
    if (!sqliteJsonApplies(plan, request)) {
      return null;
    }
    timing.mark("plan");
    ReadPlan probe = probe(plan);
    Rendered rendered;
    try {
      rendered = sqliteJson(connection, probe, request, cache.version());
    } catch (SQLException e) {
      if (schema.current(connection).version() != cache.version()) {
        return null;
      }
      throw e;
    }
    if (rendered == STALE) {
      return null;
    }
    if (rendered == null) {
      if (schema.current(connection).version() != cache.version()) {
        return null;
      }
      rendered = javaRendered(connection, probe, request);
    }
    if (streams() && rendered.rows() > STREAM_ABOVE_ROWS) {
      return STREAM;
    }
    timing.mark("query", rendered.renderer());
    return respond(
        request,
        plan,
        rendered.rows(),
        OptionalLong.empty(),
        timing,
        ResponseBody.of(rendered.body()));
  }

  /** The rows of {@code plan} rendered by the Java writer (CSV, stripped nulls, BLOBs, …). */
  private Rendered javaRendered(Connection connection, ReadPlan plan, ApiRequest request)
      throws SQLException {
    RowWriter writer = new RowWriter(plan.outputs(), request.accept());
    statements.query(
        connection,
        SqlCompiler.select(plan),
        rs -> {
          writer.writeAll(rs);
          return null;
        });
    return new Rendered(writer.finish(), writer.rows(), "java");
  }

  /** A follower's database lends no connection to a stream: it renders every read in memory. */
  private boolean streams() {
    return !database.isFollower();
  }

  /** {@code plan}, limited to one row more than is rendered in memory when it streams. */
  private ReadPlan probe(ReadPlan plan) {
    // at most one row more than is rendered in memory: that row says "stream this one"
    long cap = STREAM_ABOVE_ROWS + 1L;
    return !streams() || (plan.limit().isPresent() && plan.limit().getAsLong() <= cap)
        ? plan
        : plan.withLimit(OptionalLong.of(cap));
  }

  /**
   * A large read: counts first, then the rows streamed by the Java writer as the client takes them,
   * all in one snapshot on a connection leased until the body is written or dropped.
   */
  private HttpResponseData streamed(ApiRequest request, Timing timing, CallerAccess caller)
      throws SQLException {
    Database.ReadLease lease = database.lendReader();
    try {
      Connection connection = lease.connection();
      connection.setAutoCommit(false);
      ReadPlan plan = plan(connection, request, caller);
      boolean counting = request.preferences().count() != Preferences.Count.NONE;
      OptionalLong total =
          counting
              ? OptionalLong.of(count(connection, SqlCompiler.count(plan)))
              : OptionalLong.empty();
      long rows = rows(connection, plan, total);
      timing.mark("query", "stream");
      SqlStatement select = SqlCompiler.select(plan);
      ResponseBody body =
          new ResponseBody.Streamed(
              out -> {
                RowWriter writer = RowWriter.streaming(plan.outputs(), request.accept(), out);
                try {
                  statements.query(connection, select, writer::writeAll);
                } catch (SQLException e) {
                  throw new IOException("stream the rows: " + e.getMessage(), e);
                }
                writer.end();
              },
              lease::close);
      HttpResponseData response = respond(request, plan, rows, total, timing, body);
      if (response.body() != body) {
        lease.close();
      }
      return response;
    } catch (SQLException | RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  /** Status and headers for {@code rows} rows of {@code plan}, with {@code body} or an error. */
  private static HttpResponseData respond(
      ApiRequest request,
      ReadPlan plan,
      long rows,
      OptionalLong total,
      Timing timing,
      ResponseBody body) {
    int status = ContentRange.status(plan.offset(), rows, total);
    if (status == 416) {
      return HttpResponseData.error(
          ApiError.range(
              "Requested range not satisfiable",
              "An offset of "
                  + plan.offset()
                  + " was requested, but there are only "
                  + total.getAsLong()
                  + " rows."));
    }
    if (request.accept().type() == MediaType.SINGLE_OBJECT && rows != 1) {
      return HttpResponseData.error(ApiError.notSingular(rows));
    }
    Responses r = new Responses().rows(rows);
    r.header("Content-Type", request.accept().type().contentType());
    r.header("Content-Range", ContentRange.header(plan.offset(), rows, total));
    r.header("Range-Unit", "items");
    if (total.isPresent()) {
      r.header(
          "Preference-Applied",
          "count=" + request.preferences().count().name().toLowerCase(java.util.Locale.ROOT));
    }
    timing.addTo(r);
    return r.build(status, body);
  }

  private record Rendered(byte[] body, long rows, String renderer) {}

  /**
   * SQLite's {@code EXPLAIN QUERY PLAN} of the statement the request would run for its format
   * (PostgREST's {@code Accept: application/vnd.pgrst.plan}); nothing is read from the tables.
   */
  private static HttpResponseData explain(
      Connection connection, SqlStatement statement, ApiRequest request) throws SQLException {
    SqlStatement explain =
        new SqlStatement("EXPLAIN QUERY PLAN " + statement.sql(), statement.params());
    List<PlanBody.Step> steps = new ArrayList<>();
    try (PreparedStatement ps = Statements.prepare(connection, explain);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        steps.add(new PlanBody.Step(rs.getInt("id"), rs.getInt("parent"), rs.getString("detail")));
      }
    }
    MediaType.PlanFormat format = request.accept().plan();
    return new Responses()
        .header("Content-Type", format.contentType(request.accept().type()))
        .build(200, PlanBody.render(steps, format));
  }

  /**
   * Plain JSON responses are built by SQLite itself: about twice the rows/s of streaming the result
   * set through Jackson (ReadApiBench). CSV, {@code nulls=stripped} and very wide selects use the
   * Java writer.
   */
  private static boolean sqliteJsonApplies(ReadPlan plan, ApiRequest request) {
    return sqliteJsonFormat(request) && plan.outputs().size() <= SqlCompiler.MAX_JSON_COLUMNS;
  }

  /** The request asks for what SQLite's JSON can render (JSON, not CSV, nulls kept). */
  private static boolean sqliteJsonFormat(ApiRequest request) {
    MediaType type = request.accept().type();
    return (type == MediaType.JSON || type == MediaType.SINGLE_OBJECT)
        && !request.accept().stripNulls();
  }

  /** What {@link #sqliteJson} answers when the schema version is not the plan's. */
  private static final Rendered STALE = new Rendered(new byte[0], 0, "stale");

  /** For {@link #sqliteJson}: the plan's schema is known to be current. */
  private static final int NO_VERSION_CHECK = Integer.MIN_VALUE;

  /**
   * Runs the SQLite-built JSON query; returns {@link #STALE} when the schema version is not {@code
   * schemaVersion} (unless that is {@link #NO_VERSION_CHECK}), null when a BLOB value tripped its
   * guard (SQLite's JSON functions cannot hold one) so the caller renders with the Java writer
   * instead, which sends BLOBs as base64. Any other failure is thrown.
   */
  private Rendered sqliteJson(
      Connection connection, ReadPlan plan, ApiRequest request, int schemaVersion)
      throws SQLException {
    boolean checked = schemaVersion != NO_VERSION_CHECK;
    try {
      return statements.query(
          connection,
          checked
              ? SqlCompiler.selectJsonArrayWithSchemaVersion(plan)
              : SqlCompiler.selectJsonArray(plan),
          rs -> {
            rs.next();
            if (checked && rs.getInt(3) != schemaVersion) {
              return STALE;
            }
            byte[] array = rs.getBytes(1);
            long rows = rs.getLong(2);
            if (request.accept().type() == MediaType.SINGLE_OBJECT) {
              // "[{…}]" → "{…}"; other row counts become 406 before the body is used
              array =
                  rows == 1
                      ? java.util.Arrays.copyOfRange(array, 1, array.length - 1)
                      : new byte[0];
            }
            return new Rendered(array, rows, "sqlite");
          });
    } catch (SQLException e) {
      if (SqlCompiler.isBlobGuard(e)) {
        return null;
      }
      throw e;
    }
  }

  /** How many rows {@code plan} returns: from the total when counted, else counted alone. */
  private long rows(Connection connection, ReadPlan plan, OptionalLong total) throws SQLException {
    return total.isPresent()
        ? ContentRange.rowsOf(plan.offset(), plan.limit(), total.getAsLong())
        : count(connection, SqlCompiler.countRows(plan));
  }

  private long count(Connection connection, SqlStatement statement) throws SQLException {
    return statements.query(
        connection,
        statement,
        rs -> {
          rs.next();
          return rs.getLong(1);
        });
  }
}
