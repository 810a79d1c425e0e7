/**
 * Builds one immutable {@link dev.sqliterest.rest.request.ApiRequest} from a transport-neutral
 * request: path, query parameters parsed by the grammar, Prefer, media types, range. Pure; uses
 * {@code grammar} and {@code error}.
 */
package dev.sqliterest.rest.request;
