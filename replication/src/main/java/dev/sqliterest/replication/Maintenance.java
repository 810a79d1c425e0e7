package dev.sqliterest.replication;

import dev.sqliterest.replication.ReplicationEvent.Operation;
import dev.sqliterest.replication.client.LtxFileInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The background schedule of compaction (each level at multiples of its interval, UTC-aligned),
 * snapshots (at start, every snapshot interval, and at once when the replica has none) with
 * snapshot retention, and L0 retention. Each task runs once at start, as in Litestream
 * (docs/FORMAT.md, "Compaction and snapshot schedule"), but compaction of a level is skipped while
 * its newest file is newer than the level's last boundary, so a restart compacts only the levels
 * that are due (CompactionScheduleTest). A failed task is retried after the fault backoff.
 */
final class Maintenance implements Runnable {

  private final ReplicationOptions options;
  private final Compactor compactor;
  private final Snapshotter snapshotter;
  private final Faults faults;
  private final InstantSource clock;
  private final Object wake = new Object();
  private volatile boolean running = true;
  private volatile long compactedTxid;
  private final List<Task> tasks = new ArrayList<>();

  private final class Task {
    final Operation op;
    final Duration interval;
    final boolean aligned;
    final ThrowingRunnable body;
    Instant next;

    Task(Operation op, Duration interval, boolean aligned, ThrowingRunnable body) {
      this.op = op;
      this.interval = interval;
      this.aligned = aligned;
      this.body = body;
    }
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run(Instant now) throws IOException;
  }

  Maintenance(
      ReplicationOptions options,
      Compactor compactor,
      Snapshotter snapshotter,
      Faults faults,
      InstantSource clock) {
    this.options = options;
    this.compactor = compactor;
    this.snapshotter = snapshotter;
    this.faults = faults;
    this.clock = clock;
    Instant now = clock.instant();
    // Checked as often as L0 retention, not only once per snapshot interval: the check writes a
    // snapshot only once the interval's boundary passed, or at once when the replica has none (it
    // was emptied while we run, and the L0 files uploaded since have no base to restore from).
    Duration snapshotCheck =
        options.snapshotInterval().compareTo(options.l0RetentionCheckInterval()) < 0
            ? options.snapshotInterval()
            : options.l0RetentionCheckInterval();
    tasks.add(new Task(Operation.SNAPSHOT, snapshotCheck, true, this::snapshot));
    for (CompactionLevel level : options.levels()) {
      tasks.add(new Task(Operation.COMPACTION, level.interval(), true, at -> compact(level, at)));
    }
    if (!options.levels().isEmpty()) {
      tasks.add(
          new Task(
              Operation.RETENTION,
              options.l0RetentionCheckInterval(),
              false,
              at -> compactor.enforceL0Retention(at, options.l0Retention())));
    }
    tasks.forEach(t -> t.next = now);
  }

  /** Highest TXID compacted into level 1 so far (local L0 files up to it may go). */
  long compactedTxid() {
    return compactedTxid;
  }

  @Override
  public void run() {
    while (running) {
      Instant now = clock.instant();
      for (Task task : tasks) {
        if (!running) {
          return;
        }
        if (!now.isBefore(task.next)) {
          runTask(task);
        }
      }
      Instant earliest =
          tasks.stream().map(t -> t.next).min(Instant::compareTo).orElse(now.plusSeconds(1));
      long waitMs = Math.max(10, Duration.between(clock.instant(), earliest).toMillis());
      synchronized (wake) {
        if (running) {
          try {
            wake.wait(Math.min(waitMs, 1000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  private void runTask(Task task) {
    Instant now = clock.instant();
    try {
      task.body.run(now);
      faults.succeeded(task.op);
      task.next =
          task.aligned ? truncate(now, task.interval).plus(task.interval) : now.plus(task.interval);
    } catch (IOException | RuntimeException e) {
      task.next = now.plus(faults.failed(task.op, e));
    }
  }

  private void snapshot(Instant now) throws IOException {
    snapshotter.snapshotIfDue(truncate(now, options.snapshotInterval()));
    int maxLevel = options.levels().size();
    compactor.enforceSnapshotRetention(now, options.retention(), maxLevel);
  }

  private void compact(CompactionLevel level, Instant now) throws IOException {
    List<LtxFileInfo> written = compactor.compact(level.level(), truncate(now, level.interval()));
    if (level.level() == 1) {
      for (LtxFileInfo f : written) {
        compactedTxid = Math.max(compactedTxid, f.maxTxid());
      }
      if (!written.isEmpty()) {
        compactor.enforceL0Retention(now, options.l0Retention());
      }
    }
  }

  void stop() {
    running = false;
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /** Go's {@code time.Truncate}: the latest multiple of {@code interval} since the epoch. */
  static Instant truncate(Instant t, Duration interval) {
    long step = interval.toMillis();
    long ms = t.toEpochMilli();
    return Instant.ofEpochMilli(ms - Math.floorMod(ms, step));
  }
}
