package dev.sqliterest.server.http;

import java.util.List;

/** Answers {@code /ready}: what the server still waits for before it can serve requests. */
@FunctionalInterface
public interface ReadinessCheck {

  /** Names of the conditions not yet met (e.g. "database", "restore"); empty when ready. */
  List<String> pending();
}
