package dev.sqliterest.replication;

import dev.sqliterest.replication.ReplicationEvent.Operation;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failure bookkeeping at the engine's loop boundaries: counts failures per operation, computes the
 * exponential retry delay (base × 2^(n-1), capped), rate-limits the error log to one line per
 * operation per minute, and reports {@link ReplicationEvent.Failed}/{@link
 * ReplicationEvent.Recovered}.
 */
final class Faults {

  private static final Logger LOG = LoggerFactory.getLogger(Faults.class);
  private static final Duration LOG_EVERY = Duration.ofMinutes(1);

  private record State(int consecutive, Instant retryAt, Instant lastLogged) {}

  private final Duration base;
  private final Duration cap;
  private final InstantSource clock;
  private final ReplicationListener listener;
  private final String replicaUrl;
  private final Map<Operation, State> states = new EnumMap<>(Operation.class);

  Faults(
      Duration base,
      Duration cap,
      InstantSource clock,
      ReplicationListener listener,
      String replicaUrl) {
    this.base = base;
    this.cap = cap;
    this.clock = clock;
    this.listener = listener;
    this.replicaUrl = replicaUrl;
  }

  /** Records a failure of {@code op}; returns how long to wait before retrying it. */
  synchronized Duration failed(Operation op, Exception cause) {
    State previous = states.get(op);
    int n = previous == null ? 1 : previous.consecutive() + 1;
    Duration delay = delay(n);
    Instant now = clock.instant();
    Instant lastLogged = previous == null ? null : previous.lastLogged();
    if (lastLogged == null || !now.isBefore(lastLogged.plus(LOG_EVERY))) {
      LOG.atError()
          // an I/O failure is the replica's weather, its message says it all; anything else is a
          // bug
          .setCause(cause instanceof IOException ? null : cause)
          .addKeyValue("operation", op.label())
          .addKeyValue("replica", replicaUrl)
          .addKeyValue("consecutive_failures", n)
          .addKeyValue("retry_in_ms", delay.toMillis())
          .log("replication {} failed: {}", op.label(), cause.toString());
      lastLogged = now;
    }
    states.put(op, new State(n, now.plus(delay), lastLogged));
    Events.emit(listener, new ReplicationEvent.Failed(op, cause, n, delay));
    return delay;
  }

  /** Records a success of {@code op}, ending its failure streak. */
  synchronized void succeeded(Operation op) {
    State previous = states.remove(op);
    if (previous != null) {
      LOG.atInfo()
          .addKeyValue("operation", op.label())
          .addKeyValue("replica", replicaUrl)
          .addKeyValue("failures", previous.consecutive())
          .log("replication {} recovered after {} failures", op.label(), previous.consecutive());
      Events.emit(listener, new ReplicationEvent.Recovered(op, previous.consecutive()));
    }
  }

  /** True while {@code op} is backing off after a failure. */
  synchronized boolean backingOff(Operation op) {
    State s = states.get(op);
    return s != null && clock.instant().isBefore(s.retryAt());
  }

  /** True when the last attempt of {@code op} failed. */
  synchronized boolean failing(Operation op) {
    return states.containsKey(op);
  }

  Duration delay(int consecutive) {
    int shift = Math.min(consecutive - 1, 30);
    long millis = base.toMillis() << shift;
    if (millis <= 0 || millis > cap.toMillis()) {
      return cap;
    }
    return Duration.ofMillis(millis);
  }
}
