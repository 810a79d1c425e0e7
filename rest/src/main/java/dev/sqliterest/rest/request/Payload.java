package dev.sqliterest.rest.request;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed request body: rows of column name to value. Values are {@code null}, {@code Long},
 * {@code Double}, {@code String} (also for big numbers, to keep them exact, and for nested JSON, as
 * JSON text) or {@code Integer} 1/0 for JSON booleans.
 *
 * @param rows the objects in body order, each with keys in body order
 * @param array whether the body was a JSON array (or CSV) rather than a single object
 * @param keys the union of keys over all rows, in first-seen order
 * @param uniformKeys whether every row has exactly the same keys
 */
public record Payload(
    List<Map<String, Object>> rows, boolean array, Set<String> keys, boolean uniformKeys) {}
