/**
 * Turns result sets into response bodies (JSON, singular JSON, CSV) and errors into PostgREST-style
 * JSON; computes {@code Content-Range}. Uses the earlier stages and Jackson's streaming generator.
 */
package dev.sqliterest.rest.response;
