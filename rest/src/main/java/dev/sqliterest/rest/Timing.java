package dev.sqliterest.rest;

/** Stage durations of one request, sent as {@code Server-Timing} (PostgREST's format). */
final class Timing {

  private final StringBuilder entries = new StringBuilder(64);
  private long last = System.nanoTime();

  /** Where the stages end now, for {@link #rewind}. */
  record Position(int length, long at) {}

  /** Ends the stage called {@code name}, which started at the previous mark. */
  void mark(String name) {
    mark(name, null);
  }

  /** Ends a stage and describes how it ran (e.g. which JSON renderer). */
  void mark(String name, String description) {
    long now = System.nanoTime();
    if (!entries.isEmpty()) {
      entries.append(", ");
    }
    entries.append(name);
    if (description != null) {
      entries.append(";desc=\"").append(description).append('"');
    }
    entries.append(";dur=");
    appendMillis(entries, now - last);
    last = now;
  }

  Position position() {
    return new Position(entries.length(), last);
  }

  /**
   * Forgets the stages marked after {@code position}: an attempt that was abandoned; the next stage
   * then also counts the attempt's time.
   */
  void rewind(Position position) {
    entries.setLength(position.length());
    last = position.at();
  }

  void addTo(Responses response) {
    if (!entries.isEmpty()) {
      response.header("Server-Timing", entries.toString());
    }
  }

  /**
   * Milliseconds with one decimal, rounded half up: what {@code String.format("%.1f", nanos / 1e6)}
   * prints, without the formatter (under GET-by-key load its parsing and allocation were a few
   * percent of the server's CPU).
   */
  static void appendMillis(StringBuilder out, long nanos) {
    long tenths = (Math.max(0, nanos) + 50_000) / 100_000;
    out.append(tenths / 10).append('.').append(tenths % 10);
  }
}
