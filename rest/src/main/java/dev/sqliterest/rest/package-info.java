/**
 * The PostgREST-compatible API engine, transport-neutral: {@link dev.sqliterest.rest.ApiHandler}
 * turns an {@link dev.sqliterest.rest.HttpRequestData} into an {@link
 * dev.sqliterest.rest.HttpResponseData}. The HTTP server adapter lives in the server module.
 */
package dev.sqliterest.rest;
