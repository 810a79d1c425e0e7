package dev.sqliterest.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.Function;

/**
 * SQLite's {@code X REGEXP Y} operator, which calls the user function {@code regexp(Y, X)}; SQLite
 * ships none. Implemented with {@link java.util.regex} (find semantics, like PostgreSQL's {@code
 * ~}; it has PostgreSQL's back-references and lookaround, which linear-time engines such as RE2
 * lack). That engine backtracks, so two limits keep a hostile pattern from hurting the server: a
 * match is abandoned after {@link #BUDGET_NANOS}, and one that recurses too deeply (a repeated
 * group of alternatives over a long value exhausts the thread's stack) is abandoned instead of
 * failing with a {@link StackOverflowError}. Both are logged at warn. Errors start with {@code
 * "regexp:"} so callers can report them as client mistakes; they never name a Java exception.
 */
final class RegexpFunction extends Function {

  private static final Logger LOG = LoggerFactory.getLogger(RegexpFunction.class);
  static final long BUDGET_NANOS = 200_000_000L;
  private static final int MAX_CACHED = 256;
  private static final int LOGGED_PATTERN_CHARS = 200;
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
      abandon(pattern, text, "matching took longer than " + BUDGET_NANOS / 1_000_000 + " ms");
    } catch (StackOverflowError e) {
      abandon(
          pattern,
          text,
          "the regular expression needs too much backtracking on a value of "
              + text.length()
              + " characters; simplify it (a repeated group of alternatives such as (a|b)* is"
              + " the usual cause)");
    }
  }

  private void abandon(String pattern, String text, String reason) throws SQLException {
    LOG.atWarn()
        .addKeyValue(
            "pattern",
            pattern.length() <= LOGGED_PATTERN_CHARS
                ? pattern
                : pattern.substring(0, LOGGED_PATTERN_CHARS) + "…")
        .addKeyValue("value_chars", text.length())
        .log("regexp abandoned: {}", reason);
    error("regexp: " + reason);
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
