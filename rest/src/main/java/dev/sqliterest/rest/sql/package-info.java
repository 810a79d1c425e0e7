/**
 * Compiles plans into one {@link dev.sqliterest.rest.sql.SqlStatement} each: identifiers only
 * through {@link dev.sqliterest.rest.sql.Sql#quoteIdent}, every value bound. Pure.
 */
package dev.sqliterest.rest.sql;
