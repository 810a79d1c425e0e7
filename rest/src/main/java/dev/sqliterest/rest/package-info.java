/**
 * The PostgREST-compatible API engine, transport-neutral: {@link dev.sqliterest.rest.RestApi} turns
 * an {@link dev.sqliterest.rest.HttpRequestData} into an {@link
 * dev.sqliterest.rest.HttpResponseData} (parse → access check → plan → compile → execute →
 * respond). The only rest package that executes SQL; the HTTP adapter lives in the server module.
 */
package dev.sqliterest.rest;
