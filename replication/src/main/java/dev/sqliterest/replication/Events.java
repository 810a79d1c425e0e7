package dev.sqliterest.replication;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events to a listener without letting a faulty listener stop replication. */
final class Events {

  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  private Events() {}

  static void emit(ReplicationListener listener, ReplicationEvent event) {
    try {
      listener.on(event);
    } catch (RuntimeException e) {
      LOG.warn("replication listener threw on {}", event.getClass().getSimpleName(), e);
    }
  }
}
