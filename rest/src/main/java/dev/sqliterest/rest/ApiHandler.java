package dev.sqliterest.rest;

/**
 * Handles one API request. Never throws for a client mistake: every error becomes a response with
 * PostgREST-style JSON ({@code code, message, details, hint}).
 */
@FunctionalInterface
public interface ApiHandler {
  HttpResponseData handle(HttpRequestData request);
}
