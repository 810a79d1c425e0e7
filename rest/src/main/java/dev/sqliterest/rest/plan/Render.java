package dev.sqliterest.rest.plan;

/** How a result column becomes JSON. */
public enum Render {
  /** By the SQLite storage class of each value: integer, real, text, base64 blob, null. */
  NATIVE,
  /** Integers as {@code true}/{@code false} (declared BOOLEAN or {@code ::boolean}). */
  BOOLEAN,
  /** Text holding JSON is embedded as JSON ({@code ->} paths, {@code ::json}). */
  JSON
}
