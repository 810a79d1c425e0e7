package dev.sqliterest.rest.error;

import java.util.List;
import java.util.Map;

/**
 * One client-visible error: an HTTP status and the four PostgREST fields. Codes reuse PostgREST's
 * {@code PGRSTnnn} numbers and PostgreSQL SQLSTATEs where one exists, so clients written for
 * PostgREST recognise them.
 *
 * @param status HTTP status code
 * @param code stable error code
 * @param message one-sentence description
 * @param details more context, or null
 * @param hint what to try instead, or null
 * @param detailObjects when set, {@code details} is this JSON array of objects instead (PGRST201
 *     lists the candidate relationships so)
 */
public record ApiError(
    int status,
    String code,
    String message,
    String details,
    String hint,
    List<Map<String, String>> detailObjects) {

  public ApiError {
    detailObjects = detailObjects == null ? null : List.copyOf(detailObjects);
  }

  public ApiError(int status, String code, String message, String details, String hint) {
    this(status, code, message, details, hint, null);
  }

  /** Throwable form of this error, for unwinding out of a stage. */
  public ApiException exception() {
    return new ApiException(this);
  }

  /** This error with another hint. */
  public ApiError withHint(String value) {
    return new ApiError(status, code, message, details, value);
  }

  /** PGRST117: the HTTP method is not served. */
  public static ApiError unsupportedMethod(String method) {
    return new ApiError(405, "PGRST117", "Unsupported HTTP method: " + method, null, null);
  }

  /** PGRST125: the path is not {@code /{table_or_view}}. */
  public static ApiError invalidPath() {
    return new ApiError(404, "PGRST125", "Invalid path specified in request URL", null, null);
  }

  /** PGRST100: the query string could not be parsed. */
  public static ApiError parse(String what, String details) {
    return new ApiError(400, "PGRST100", "failed to parse " + what, details, null);
  }

  /** PGRST102: the request body is not valid. */
  public static ApiError invalidBody(String message, String details) {
    return new ApiError(400, "PGRST102", message, details, null);
  }

  /** PGRST103: the requested range cannot be satisfied. */
  public static ApiError range(String message, String details) {
    return new ApiError(416, "PGRST103", message, details, null);
  }

  /** 42703: a column named in the query does not exist. */
  public static ApiError unknownColumn(String table, String column) {
    return new ApiError(
        400, "42703", "column " + table + "." + column + " does not exist", null, null);
  }

  /** PGRST204: a column named in the body or {@code columns} does not exist. */
  public static ApiError unknownPayloadColumn(String table, String column) {
    return new ApiError(
        400,
        "PGRST204",
        "Could not find the '" + column + "' column of '" + table + "' in the schema cache",
        null,
        null);
  }

  /**
   * PGRST205: the table or view does not exist. The message also carries SQLite's own wording so
   * clients written against sqlite-rest (which checked for it) keep working.
   */
  public static ApiError unknownTable(String table, String hint) {
    return new ApiError(
        404,
        "PGRST205",
        "Could not find the table '"
            + table
            + "' in the schema cache (no such table: "
            + table
            + ")",
        null,
        hint);
  }

  /** PGRST107: none of the accepted media types can be produced. */
  public static ApiError notAcceptable(String accept) {
    return new ApiError(
        406, "PGRST107", "None of these media types are available: " + accept, null, null);
  }

  /** PGRST116: a singular response was asked for but the result has another row count. */
  public static ApiError notSingular(long rows) {
    return new ApiError(
        406,
        "PGRST116",
        "Cannot coerce the result to a single JSON object",
        "The result contains " + rows + " rows",
        null);
  }

  /** PGRST127: a PostgREST feature this server does not implement. */
  public static ApiError notImplemented(String feature) {
    return new ApiError(400, "PGRST127", "Feature not implemented", feature, null);
  }

  /** 42501: the access policy refused the request. */
  public static ApiError forbidden(String message, String table) {
    return new ApiError(403, "42501", message, "access to '" + table + "' is not allowed", null);
  }
}
