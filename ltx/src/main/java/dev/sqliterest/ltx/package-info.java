/**
 * The LTX file format (ltx v0.5.x, "version 3") as Litestream v0.5 writes and reads it: immutable
 * records and stream codecs. Uses only the JDK and lz4-java; depends on no other project module.
 */
package dev.sqliterest.ltx;
