package dev.sqliterest.rest;

import java.util.Locale;

/** Stage durations of one request, sent as {@code Server-Timing} (PostgREST's format). */
final class Timing {

  private final StringBuilder entries = new StringBuilder();
  private long last = System.nanoTime();

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
    entries.append(";dur=").append(String.format(Locale.ROOT, "%.1f", (now - last) / 1e6));
    last = now;
  }

  void addTo(Responses response) {
    if (!entries.isEmpty()) {
      response.header("Server-Timing", entries.toString());
    }
  }
}
