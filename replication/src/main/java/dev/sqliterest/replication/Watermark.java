package dev.sqliterest.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A position that only moves forward (a commit count or a TXID, compared unsigned) with the value
 * it stood for when it got there, and the callers waiting for it to reach their target. A waiter
 * blocks its own thread, which costs nothing on a virtual thread; one that gives up at its deadline
 * leaves nothing behind, so a stalled replica does not make waiters pile up.
 */
final class Watermark {

  private final ReentrantLock lock = new ReentrantLock();
  private final TreeMap<Long, List<CompletableFuture<Long>>> waiting =
      new TreeMap<>(Long::compareUnsigned);
  private long position;
  private long value;

  /**
   * Moves the position forward to {@code position} (standing for {@code value}) and releases every
   * waiter whose target it reached, with {@code value}. A position not ahead is ignored.
   */
  void advance(long position, long value) {
    List<CompletableFuture<Long>> released = new ArrayList<>();
    lock.lock();
    try {
      if (Long.compareUnsigned(position, this.position) <= 0) {
        return;
      }
      this.position = position;
      this.value = value;
      Map<Long, List<CompletableFuture<Long>>> reached = waiting.headMap(position, true);
      reached.values().forEach(released::addAll);
      reached.clear();
    } finally {
      lock.unlock();
    }
    released.forEach(f -> f.complete(value));
  }

  /** The position reached so far. */
  long position() {
    lock.lock();
    try {
      return position;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The value of the advance that got the position to or past {@code target} (the latest value), or
   * 0 when it has not got there: never waits.
   */
  long valueAt(long target) {
    lock.lock();
    try {
      return Long.compareUnsigned(position, target) >= 0 ? value : 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the position is at or after {@code target}; returns the value of the advance that
   * got it there (or of the latest one, when it was already there).
   *
   * @throws TimeoutException when {@code timeout} passes first
   */
  long await(long target, Duration timeout) throws TimeoutException, InterruptedException {
    CompletableFuture<Long> reached = new CompletableFuture<>();
    lock.lock();
    try {
      if (Long.compareUnsigned(position, target) >= 0) {
        return value;
      }
      waiting.computeIfAbsent(target, t -> new ArrayList<>()).add(reached);
    } finally {
      lock.unlock();
    }
    try {
      return reached.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      forget(target, reached);
      if (reached.isDone()) {
        return reached.join(); // advanced in the meantime
      }
      throw e;
    } catch (InterruptedException e) {
      forget(target, reached);
      throw e;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a watermark future never fails", e);
    }
  }

  private void forget(long target, CompletableFuture<Long> waiter) {
    lock.lock();
    try {
      List<CompletableFuture<Long>> list = waiting.get(target);
      if (list != null && list.remove(waiter) && list.isEmpty()) {
        waiting.remove(target);
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many callers are waiting (tests, and whether a sync should hurry). */
  int waiters() {
    lock.lock();
    try {
      return waiting.values().stream().mapToInt(List::size).sum();
    } finally {
      lock.unlock();
    }
  }
}
