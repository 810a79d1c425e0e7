package dev.sqliterest.rest.grammar;

/** One {@code field[.asc|.desc][.nullsfirst|.nullslast]} term of {@code order=}. */
public record OrderTerm(Field field, Direction direction, Nulls nulls) {

  /** Sort direction; PostgREST's default is ascending. */
  public enum Direction {
    ASC,
    DESC
  }

  /** Where NULLs go; DEFAULT means PostgreSQL's rule (last on ASC, first on DESC). */
  public enum Nulls {
    DEFAULT,
    FIRST,
    LAST
  }
}
