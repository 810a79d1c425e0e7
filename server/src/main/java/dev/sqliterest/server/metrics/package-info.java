/**
 * Prometheus metrics with sqlite-rest's names ({@code sqlite_rest_*}) and JVM metrics in a private
 * registry, written in the text exposition format. The only package that imports the metrics
 * library.
 */
package dev.sqliterest.server.metrics;
