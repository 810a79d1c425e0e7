package dev.sqliterest.rest.grammar;

/** A query-string fragment that does not follow PostgREST's grammar. */
public final class QueryParseError extends RuntimeException {

  private final String input;
  private final int position;

  public QueryParseError(String message, String input, int position) {
    super(message + " at position " + position + " in \"" + input + "\"", null, false, false);
    this.input = input;
    this.position = position;
  }

  public String input() {
    return input;
  }

  /** Zero-based character offset of the problem in {@link #input()}. */
  public int position() {
    return position;
  }
}
