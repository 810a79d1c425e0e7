package dev.sqliterest.server.config;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Writes lines to {@code System.out} (looked up on every write, as logback's console appender does)
 * through a buffer that is flushed whenever the asynchronous appender in front has nothing more
 * queued, so a line is never held back once the queue is empty. After such a flush the worker
 * lingers for a millisecond: under load the lines of many requests then go out as one batch in one
 * write, and the requests that log meanwhile find no sleeping worker to wake. Under GET-by-key load
 * this cut the worker's CPU from 5-8 to 2-3 microseconds per request (docs/PERFORMANCE.md, HTTP
 * load). Only the asynchronous appender's one worker thread appends.
 */
final class BatchingConsoleAppender extends OutputStreamAppender<ILoggingEvent> {

  /** Large enough for a burst of access log lines; a longer line goes straight through. */
  private static final int BUFFER_BYTES = 32 * 1024;

  private final BooleanSupplier queueEmpty;

  BatchingConsoleAppender(BooleanSupplier queueEmpty) {
    this.queueEmpty = queueEmpty;
  }

  @Override
  public void start() {
    setImmediateFlush(false);
    setOutputStream(new BufferedOutputStream(new SystemOut(), BUFFER_BYTES));
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    super.append(event);
    if (queueEmpty.getAsBoolean()) {
      try {
        getOutputStream().flush();
      } catch (IOException e) {
        addError("flush the console", e);
      }
      // linger: the lines logged meanwhile are taken as one batch, and their producers find no
      // waiting worker to wake (a wake-up per line cost more than writing it)
      LockSupport.parkNanos(LINGER_NANOS);
    }
  }

  /** How long the worker waits after emptying the queue; no line waits for it. */
  private static final long LINGER_NANOS = 1_000_000;

  /** {@code System.out} as it is at each write; closing it only flushes. */
  private static final class SystemOut extends OutputStream {

    @Override
    public void write(int b) {
      System.out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.out.write(b, off, len);
    }

    @Override
    public void flush() {
      System.out.flush();
    }

    @Override
    public void close() {
      flush();
    }
  }
}
