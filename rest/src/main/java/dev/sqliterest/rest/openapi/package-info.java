/**
 * The OpenAPI 3.1 description served at {@code /}: built per caller from the schema cache and what
 * the access policy lets that caller read ({@link dev.sqliterest.rest.openapi.Resource}), with the
 * filter operators and {@code Prefer} options taken from the parsers' own tables. Pure: no JDBC.
 */
package dev.sqliterest.rest.openapi;
