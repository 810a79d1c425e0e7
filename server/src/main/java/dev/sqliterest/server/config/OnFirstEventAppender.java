package dev.sqliterest.server.config;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.function.Supplier;

/**
 * Stands for an appender that it builds and starts at the first event. A command that never logs a
 * line still has logback configure itself as soon as a library asks for a logger (the AWS SDK's
 * classes do, when a restore builds its S3 client); building the encoder (with the JSON library)
 * and the asynchronous appender's thread then took 0.03–0.06 s of a restore's start
 * (docs/PERFORMANCE.md, Restore). Stopping this stops what it built.
 */
final class OnFirstEventAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  private final Supplier<Appender<ILoggingEvent>> factory;
  private volatile Appender<ILoggingEvent> built;

  /** {@code factory} returns the appender started. */
  OnFirstEventAppender(Supplier<Appender<ILoggingEvent>> factory) {
    this.factory = factory;
  }

  @Override
  protected void append(ILoggingEvent event) {
    Appender<ILoggingEvent> appender = built;
    (appender != null ? appender : build()).doAppend(event);
  }

  private synchronized Appender<ILoggingEvent> build() {
    if (built == null) {
      built = factory.get();
      if (!isStarted()) {
        built.stop(); // stopped while the first event was on its way: do not leave a thread behind
      }
    }
    return built;
  }

  /** Whether the first event has built the appender. */
  boolean isBuilt() {
    return built != null;
  }

  @Override
  public void stop() {
    super.stop();
    Appender<ILoggingEvent> appender;
    synchronized (this) {
      appender = built;
    }
    if (appender != null) {
      appender.stop();
    }
  }
}
