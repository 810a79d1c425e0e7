package dev.sqliterest.rest.plan;

import dev.sqliterest.rest.error.ApiError;
import java.util.Locale;

/**
 * The whitelist of {@code ::type} casts, mapped to SQLite types. PostgreSQL type names are never
 * passed through: SQLite would silently apply affinity rules to them ({@code CAST(x AS json)} is
 * 0).
 */
public enum CastType {
  TEXT("TEXT", Render.NATIVE),
  INTEGER("INTEGER", Render.NATIVE),
  REAL("REAL", Render.NATIVE),
  NUMERIC("NUMERIC", Render.NATIVE),
  BOOLEAN("INTEGER", Render.BOOLEAN),
  JSON(null, Render.JSON),
  BLOB("BLOB", Render.NATIVE);

  private final String sqlType;
  private final Render render;

  CastType(String sqlType, Render render) {
    this.sqlType = sqlType;
    this.render = render;
  }

  /** The SQLite type in {@code CAST(x AS type)}; null for JSON, which uses {@code json(x)}. */
  public String sqlType() {
    return sqlType;
  }

  public Render render() {
    return render;
  }

  /** Maps a PostgreSQL or SQLite type name; anything else is a 400. */
  public static CastType of(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "text",
          "varchar",
          "char",
          "character varying",
          "character",
          "string",
          "citext",
          "name",
          "uuid" ->
          TEXT;
      case "int", "int2", "int4", "int8", "integer", "bigint", "smallint" -> INTEGER;
      case "real", "float", "float4", "float8", "double", "double precision" -> REAL;
      case "numeric", "decimal" -> NUMERIC;
      case "bool", "boolean" -> BOOLEAN;
      case "json", "jsonb" -> JSON;
      case "blob", "bytea" -> BLOB;
      default ->
          throw new ApiError(
                  400,
                  "PGRST100",
                  "failed to parse select parameter",
                  "unsupported cast type \"" + name + "\"",
                  "use one of text, integer, bigint, real, double precision, numeric, boolean,"
                      + " json, blob")
              .exception();
    };
  }
}
