package dev.sqliterest.server;

import dev.sqliterest.replication.ReplicationEvent;
import dev.sqliterest.replication.ReplicationListener;
import dev.sqliterest.replication.ReplicationStatus;
import dev.sqliterest.server.config.DurationText;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@code --replication-required-within D}: replication is required, so the server must stop when
 * changes have waited longer than D and no replica accepted an upload for as long. Both conditions
 * keep a quiet server (nothing pending) and a slow replica that still accepts uploads running; an
 * orchestrator then restarts or alerts on the non-zero exit.
 */
final class ReplicationRequirement implements ReplicationListener {

  private final Duration within;
  private final LongSupplier nanoTime;
  private volatile long lastAccepted;

  ReplicationRequirement(Duration within, LongSupplier nanoTime) {
    this.within = within;
    this.nanoTime = nanoTime;
    this.lastAccepted = nanoTime.getAsLong();
  }

  /** Any accepted upload (an L0 file or a snapshot) proves a replica is taking changes. */
  @Override
  public void on(ReplicationEvent event) {
    if (event instanceof ReplicationEvent.Uploaded
        || event instanceof ReplicationEvent.SnapshotWritten) {
      lastAccepted = nanoTime.getAsLong();
    }
  }

  /** Why the server must stop now, or empty while the requirement holds. */
  Optional<String> violated(ReplicationStatus status) {
    Duration idle = Duration.ofNanos(nanoTime.getAsLong() - lastAccepted);
    if (status.lag().compareTo(within) <= 0 || idle.compareTo(within) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        "replication is required within "
            + DurationText.format(within)
            + " (--replication-required-within), but changes have waited "
            + readable(status.lag())
            + " and no replica accepted an upload for "
            + readable(idle)
            + "; stopping so that the orchestrator restarts the server or alerts");
  }

  private static String readable(Duration d) {
    return DurationText.format(
        d.truncatedTo(d.toSeconds() > 0 ? ChronoUnit.SECONDS : ChronoUnit.MILLIS));
  }
}
