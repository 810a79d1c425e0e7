package dev.sqliterest.server.config;

import java.time.Duration;
import java.util.Locale;

/**
 * When the API acknowledges a write while replicating ({@code --replication-ack}, {@code
 * --replication-ack-timeout}); a request may override the mode with {@code Prefer:
 * durability=async|replicated}.
 *
 * @param replicatedByDefault answer a write only once the replica holds it, unless it asks for
 *     {@code async}
 * @param timeout how long a write waits for the replica before the 504 that says it is committed
 *     locally and not yet replicated
 */
public record ReplicationAck(boolean replicatedByDefault, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Asynchronous by default, 10 s for the writes that ask to wait. */
  public static final ReplicationAck DEFAULTS = new ReplicationAck(false, DEFAULT_TIMEOUT);

  public ReplicationAck {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new ConfigException(
          "--replication-ack-timeout must be a positive duration such as 10s, got "
              + DurationText.format(timeout));
    }
  }

  /** Parses {@code --replication-ack}: {@code async} or {@code replicated}. */
  public static boolean parseMode(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "async" -> false;
      case "replicated" -> true;
      default ->
          throw new ConfigException(
              "--replication-ack must be async (answer on commit) or replicated (answer once the"
                  + " replica holds the write), got \""
                  + value
                  + "\"");
    };
  }
}
