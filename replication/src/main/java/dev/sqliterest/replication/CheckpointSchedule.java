package dev.sqliterest.replication;

import dev.sqliterest.replication.wal.WalHeader;
import dev.sqliterest.sqlite.CheckpointMode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * When the replicator checkpoints (docs/FORMAT.md, "Checkpoints"): PASSIVE at {@code
 * minCheckpointPages} shipped WAL frames or after {@code checkpointInterval} with new frames,
 * TRUNCATE at {@code truncatePages}; after a checkpoint that could not finish (readers) the next
 * try waits, since it would stall writes. Only frames already synced count. Not thread-safe: {@link
 * ReplicatedDatabase} serialises.
 */
final class CheckpointSchedule {

  private final ReplicationOptions options;
  private final InstantSource clock;
  private Instant lastCheckpoint;
  private Instant nextAllowed = Instant.MIN;
  private boolean syncedSinceCheckpoint;

  CheckpointSchedule(ReplicationOptions options, InstantSource clock) {
    this.options = options;
    this.clock = clock;
    this.lastCheckpoint = clock.instant();
  }

  /** A sync wrote a file: the interval rule may now apply. */
  void synced() {
    syncedSinceCheckpoint = true;
  }

  /**
   * The mode due for the current WAL ({@code header}) when {@code pos} is the synced position, or
   * empty when none is due (or the position is not in this WAL generation).
   */
  Optional<CheckpointMode> due(LocalPosition pos, Optional<WalHeader> header) {
    if (clock.instant().isBefore(nextAllowed)) {
      return Optional.empty();
    }
    if (pos == null
        || header.isEmpty()
        || !pos.hasWalRange()
        || header.get().salt1() != pos.salt1()
        || header.get().salt2() != pos.salt2()) {
      return Optional.empty();
    }
    long frames = (pos.end() - WalHeader.SIZE) / header.get().frameSize();
    if (frames >= options.truncatePages()) {
      return Optional.of(CheckpointMode.TRUNCATE);
    }
    if (frames >= options.minCheckpointPages()) {
      return Optional.of(CheckpointMode.PASSIVE);
    }
    boolean intervalElapsed =
        !options.checkpointInterval().isZero()
            && !clock.instant().isBefore(lastCheckpoint.plus(options.checkpointInterval()));
    if (intervalElapsed && syncedSinceCheckpoint && frames > 1) {
      return Optional.of(CheckpointMode.PASSIVE);
    }
    return Optional.empty();
  }

  /** A checkpoint ran; {@code complete} false (readers held it back) delays the next attempt. */
  void checkpointed(boolean complete) {
    lastCheckpoint = clock.instant();
    syncedSinceCheckpoint = false;
    Duration retry =
        options.checkpointInterval().isZero()
            ? Duration.ofMinutes(1)
            : options.checkpointInterval();
    nextAllowed = complete ? Instant.MIN : lastCheckpoint.plus(retry);
  }
}
