/**
 * The schema cache: tables, views, columns, primary and unique keys as plain records. Only {@link
 * dev.sqliterest.rest.schema.SchemaLoader} touches a JDBC connection.
 */
package dev.sqliterest.rest.schema;
