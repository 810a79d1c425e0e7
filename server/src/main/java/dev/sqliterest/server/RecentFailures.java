package dev.sqliterest.server;

import dev.sqliterest.replication.ReplicationEvent;
import dev.sqliterest.replication.ReplicationListener;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The latest failed replication operations, for the console's replication panel. */
final class RecentFailures implements ReplicationListener {

  /** How many failures are kept. */
  static final int KEPT = 10;

  /**
   * A failed replication operation (the engine retries it).
   *
   * @param consecutive failures of this operation since its last success
   */
  public record Failure(Instant time, String operation, String message, int consecutive) {}

  private final InstantSource clock;
  private final Deque<Failure> failures = new ArrayDeque<>();

  RecentFailures(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public void on(ReplicationEvent event) {
    if (!(event instanceof ReplicationEvent.Failed f)) {
      return;
    }
    String message = f.cause().getMessage();
    Failure failure =
        new Failure(
            clock.instant(),
            f.operation().label(),
            message == null ? f.cause().getClass().getSimpleName() : message,
            f.consecutive());
    synchronized (failures) {
      if (failures.size() == KEPT) {
        failures.removeFirst();
      }
      failures.addLast(failure);
    }
  }

  /** The kept failures, oldest first. */
  List<Failure> list() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }
}
