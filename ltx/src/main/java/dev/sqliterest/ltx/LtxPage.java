package dev.sqliterest.ltx;

/** One decoded page: its number and its uncompressed bytes (page-size long). */
public record LtxPage(int pgno, byte[] data) {}
