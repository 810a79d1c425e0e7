/**
 * The HTTP adapter: Jetty 12 core handlers on virtual threads that turn requests into {@link
 * dev.sqliterest.rest.HttpRequestData} for the API engine, plus CORS, request ids, the access log,
 * the body limit, authentication through {@link dev.sqliterest.server.auth.Authenticator}, and the
 * admin routes (/live, /ready, /metrics). The only package that imports Jetty.
 */
package dev.sqliterest.server.http;
