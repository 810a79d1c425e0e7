/**
 * PostgREST's query-string language (filters, logic trees, select, order) parsed by hand into
 * sealed AST records. Pure and JDK-only; every failure is a {@link
 * dev.sqliterest.rest.grammar.QueryParseError} with a position.
 */
package dev.sqliterest.rest.grammar;
