package dev.sqliterest.rest.plan;

/**
 * One column of the response.
 *
 * @param key the JSON key / CSV header
 * @param ref the value's source
 * @param cast the requested cast, or null
 * @param render how the value becomes JSON
 */
public record Output(String key, ColumnRef ref, CastType cast, Render render) {}
