package dev.sqliterest.rest;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.request.ApiRequest;
import dev.sqliterest.sqlite.Database;
import java.sql.SQLException;

/** Runs POST/PATCH/PUT/DELETE on the single writer. */
final class WriteExecutor {

  WriteExecutor(Database database, LiveSchema schema, RestApiOptions options) {}

  HttpResponseData execute(ApiRequest request, Timing timing) throws SQLException {
    throw ApiError.notImplemented("writes (issue 3) are not implemented yet").exception();
  }
}
