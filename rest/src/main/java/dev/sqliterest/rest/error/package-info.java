/**
 * PostgREST-style API errors ({@code code, message, details, hint} plus an HTTP status). A leaf:
 * every rest package may use it, and it depends on nothing.
 */
package dev.sqliterest.rest.error;
