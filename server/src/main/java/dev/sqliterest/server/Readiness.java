package dev.sqliterest.server;

import dev.sqliterest.server.http.ReadinessCheck;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The conditions that must hold before {@code /ready} answers 200. Components register what they
 * wait for ({@link #require}) and flip it when done ({@link #satisfy}): the database being open,
 * later a restore finishing. Shutdown adds a condition that is never satisfied.
 */
public final class Readiness implements ReadinessCheck {

  public static final String DATABASE = "database";
  public static final String SHUTTING_DOWN = "shutting down";

  private final Set<String> pending = new LinkedHashSet<>();

  /** Adds a condition that keeps the server not ready until {@link #satisfy} is called. */
  public synchronized void require(String condition) {
    pending.add(condition);
  }

  /** Marks a condition as met. */
  public synchronized void satisfy(String condition) {
    pending.remove(condition);
  }

  @Override
  public synchronized List<String> pending() {
    return List.copyOf(pending);
  }

  public synchronized boolean isReady() {
    return pending.isEmpty();
  }
}
