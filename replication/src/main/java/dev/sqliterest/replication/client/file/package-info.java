/**
 * The file-system replica backend in Litestream v0.5's directory layout ({@code
 * <root>/ltx/<level>/}) with atomic writes. Depends on {@code replication.client} and the JDK only.
 */
package dev.sqliterest.replication.client.file;
