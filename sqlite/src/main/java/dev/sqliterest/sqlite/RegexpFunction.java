package dev.sqliterest.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sqlite.Function;

/**
 * SQLite's {@code X REGEXP Y} operator, which calls the user function {@code regexp(Y, X)}; SQLite
 * ships none. Implemented with {@link java.util.regex} (find semantics, like PostgreSQL's {@code
 * ~}). A match is abandoned after {@link #BUDGET_NANOS} so a pathological pattern cannot pin a
 * connection; errors start with {@code "regexp:"} so callers can report them as client mistakes.
 */
final class RegexpFunction extends Function {

  static final long BUDGET_NANOS = 200_000_000L;
  private static final int MAX_CACHED = 256;
  private static final ConcurrentHashMap<String, Pattern> CACHE = new ConcurrentHashMap<>();

  /** Registers {@code regexp(pattern, text)} on {@code connection}. */
  static void register(Connection connection) throws SQLException {
    Function.create(connection, "regexp", new RegexpFunction(), 2, Function.FLAG_DETERMINISTIC);
  }

  @Override
  protected void xFunc() throws SQLException {
    String pattern = value_text(0);
    String text = value_text(1);
    if (pattern == null || text == null) {
      result();
      return;
    }
    Pattern compiled = CACHE.get(pattern);
    if (compiled == null) {
      try {
        compiled = Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        error("regexp: invalid regular expression: " + e.getDescription());
        return;
      }
      if (CACHE.size() >= MAX_CACHED) {
        CACHE.clear();
      }
      CACHE.put(pattern, compiled);
    }
    try {
      result(compiled.matcher(new Deadline(text, System.nanoTime() + BUDGET_NANOS)).find() ? 1 : 0);
    } catch (TimeoutException e) {
      error("regexp: matching took longer than " + BUDGET_NANOS / 1_000_000 + " ms");
    }
  }

  private static final class TimeoutException extends RuntimeException {
    TimeoutException() {
      super(null, null, false, false);
    }
  }

  /** A CharSequence that fails once the deadline has passed (checked every 4096 reads). */
  private static final class Deadline implements CharSequence {
    private final String text;
    private final long deadline;
    private int reads;

    Deadline(String text, long deadline) {
      this.text = text;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 4095) == 0 && System.nanoTime() > deadline) {
        throw new TimeoutException();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Deadline(text.substring(start, end), deadline);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
