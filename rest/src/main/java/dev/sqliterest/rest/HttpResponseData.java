package dev.sqliterest.rest;

import java.util.List;
import java.util.Map;

/**
 * One HTTP response produced by the API engine.
 *
 * @param status HTTP status code
 * @param headers header values by header name, in the order they should be sent
 * @param body response body bytes (empty for none, e.g. HEAD or 204)
 */
public record HttpResponseData(int status, Map<String, List<String>> headers, byte[] body) {}
