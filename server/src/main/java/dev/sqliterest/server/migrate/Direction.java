package dev.sqliterest.server.migrate;

/** Which way a migration runs: the {@code .up.} or the {@code .down.} file. */
public enum Direction {
  UP,
  DOWN
}
