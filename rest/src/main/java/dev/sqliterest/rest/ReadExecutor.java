package dev.sqliterest.rest;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.plan.Planner;
import dev.sqliterest.rest.plan.ReadPlan;
import dev.sqliterest.rest.request.ApiRequest;
import dev.sqliterest.rest.request.MediaType;
import dev.sqliterest.rest.request.Preferences;
import dev.sqliterest.rest.response.ContentRange;
import dev.sqliterest.rest.response.RowWriter;
import dev.sqliterest.rest.schema.Table;
import dev.sqliterest.rest.sql.SqlCompiler;
import dev.sqliterest.rest.sql.SqlStatement;
import dev.sqliterest.sqlite.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/** Runs GET/HEAD on a pooled read-only connection: plan, count, select, render. */
final class ReadExecutor {

  private final Database database;
  private final LiveSchema schema;
  private final RestApiOptions options;

  ReadExecutor(Database database, LiveSchema schema, RestApiOptions options) {
    this.database = database;
    this.schema = schema;
    this.options = options;
  }

  HttpResponseData execute(ApiRequest request, Timing timing) throws SQLException {
    return database.read(connection -> run(connection, request, timing));
  }

  private HttpResponseData run(Connection connection, ApiRequest request, Timing timing)
      throws SQLException {
    Table table = Planner.target(schema.current(connection), request.table());
    ReadPlan plan = Planner.read(request, table, options.maxRows());
    SqlStatement select = SqlCompiler.select(plan);
    timing.mark("plan");
    boolean counting = request.preferences().count() != Preferences.Count.NONE;
    OptionalLong total = OptionalLong.empty();
    if (counting) {
      // One snapshot for the count and the rows, so Content-Range is consistent.
      connection.setAutoCommit(false);
      total = OptionalLong.of(count(connection, SqlCompiler.count(plan)));
    }
    RowWriter writer = new RowWriter(plan.outputs(), request.accept());
    try (PreparedStatement ps = Statements.prepare(connection, select);
        ResultSet rs = ps.executeQuery()) {
      writer.writeAll(rs);
    }
    byte[] body = writer.finish();
    timing.mark("query");
    long rows = writer.rows();
    Responses r = new Responses();
    int status = ContentRange.status(plan.offset(), rows, total);
    if (status == 416) {
      return Responses.error(
          ApiError.range(
              "Requested range not satisfiable",
              "An offset of " + plan.offset() + " was requested, but there are only "
                  + total.getAsLong() + " rows."));
    }
    if (request.accept().type() == MediaType.SINGLE_OBJECT && rows != 1) {
      return Responses.error(ApiError.notSingular(rows));
    }
    r.header("Content-Type", request.accept().type().contentType());
    r.header("Content-Range", ContentRange.header(plan.offset(), rows, total));
    r.header("Range-Unit", "items");
    if (counting) {
      r.header("Preference-Applied", "count=" + request.preferences().count().name().toLowerCase(java.util.Locale.ROOT));
    }
    timing.addTo(r);
    return r.build(status, request.method() == ApiRequest.Method.HEAD ? new byte[0] : body);
  }

  private static long count(Connection connection, SqlStatement statement) throws SQLException {
    try (PreparedStatement ps = Statements.prepare(connection, statement);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
