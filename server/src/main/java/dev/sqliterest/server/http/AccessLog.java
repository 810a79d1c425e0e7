package dev.sqliterest.server.http;

import dev.sqliterest.server.config.LogSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes one log event per request (logger {@code sqliterest.access}) with the method, path,
 * status, duration, rows and request id as key/value pairs, which the JSON encoder turns into
 * fields and text lines print as {@code key=value}.
 */
public final class AccessLog implements ExchangeListener {

  /** Created on first use, so that building the wiring does not initialise logging early. */
  private static final class Holder {
    static final Logger LOG = LoggerFactory.getLogger(LogSettings.ACCESS_LOGGER);
  }

  @Override
  public void onExchange(Exchange e) {
    Logger log = Holder.LOG;
    if (!log.isInfoEnabled()) {
      return;
    }
    LoggingEventBuilder event =
        log.atInfo()
            .addKeyValue("method", e.method())
            .addKeyValue("path", e.path())
            .addKeyValue("status", e.status())
            .addKeyValue("duration_ms", Math.round(e.duration().toNanos() / 1e3) / 1e3);
    if (e.rows().isPresent()) {
      event = event.addKeyValue("rows", e.rows().getAsLong());
    }
    event.addKeyValue("request_id", e.requestId()).log("request");
  }
}
