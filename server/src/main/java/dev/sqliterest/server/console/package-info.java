/**
 * The browser console at {@code /_console/} ({@code --console}): a page, its script and style from
 * the jar (nothing from a CDN), and the status document the page polls. The page reads data through
 * the API itself ({@code /} for the tables, {@code /{table}} for rows) with the token it asks for.
 */
package dev.sqliterest.server.console;
