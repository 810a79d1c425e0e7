package dev.sqliterest.rest;

/**
 * Handles one API request. Never throws for a client mistake: every error becomes a response with
 * PostgREST-style JSON ({@code code, message, details, hint}).
 */
@FunctionalInterface
public interface ApiHandler {
  HttpResponseData handle(HttpRequestData request);

  /**
   * Whether {@code name} is a table or view of the database, as of the schema last read (no
   * database access). Metrics give only such names a label of their own, so requests for made-up
   * names cannot add series. An engine that cannot tell answers true.
   */
  default boolean knowsRelation(String name) {
    return true;
  }
}
