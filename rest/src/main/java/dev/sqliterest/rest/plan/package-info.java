/**
 * Resolves an {@link dev.sqliterest.rest.request.ApiRequest} against the schema cache into a read
 * or mutate plan: every name checked, every JSON path and cast validated. Pure; uses {@code
 * request}, {@code grammar}, {@code schema} and {@code error}.
 */
package dev.sqliterest.rest.plan;
