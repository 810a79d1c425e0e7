package dev.sqliterest.server.http;

import java.util.concurrent.Semaphore;

/**
 * Bounds the bytes of request bodies held at once, from reading a body until its request is
 * answered. Bodies wait for the one writer, and a parsed body takes several times its size on the
 * heap, so without a bound concurrent large writes run the JVM out of memory (eight concurrent 16
 * MiB POSTs under a 512 MiB heap: five answered 500). A request waits for its share before its body
 * is read; the writer is fed all the same, as long as the budget holds a few bodies.
 */
final class BodyBudget {

  /** Raw bodies may hold this fraction of the maximum heap (at least one largest body). */
  static final int HEAP_FRACTION = 16;

  private final int total;
  private final Semaphore bytes;

  BodyBudget(long totalBytes) {
    this.total = (int) Math.max(1, Math.min(Integer.MAX_VALUE, totalBytes));
    this.bytes = new Semaphore(total, true);
  }

  /** The budget for a JVM with {@code maxHeapBytes}, accepting bodies of up to {@code maxBody}. */
  static BodyBudget forHeap(long maxHeapBytes, long maxBody) {
    return new BodyBudget(Math.max(maxBody, maxHeapBytes / HEAP_FRACTION));
  }

  /**
   * Held while a body of {@code size} bytes is alive; a body larger than the budget takes it all.
   */
  interface Share extends AutoCloseable {
    @Override
    void close();
  }

  private static final Share NOTHING = () -> {};

  /** Waits until {@code size} bytes (at most the whole budget) are free and takes them. */
  Share take(long size) {
    if (size <= 0) {
      return NOTHING;
    }
    int n = (int) Math.min(size, total);
    bytes.acquireUninterruptibly(n);
    return () -> bytes.release(n);
  }

  /** Bytes free now (for tests). */
  int available() {
    return bytes.availablePermits();
  }

  /** Whether a request waits for its share (for tests). */
  boolean hasWaiting() {
    return bytes.hasQueuedThreads();
  }
}
