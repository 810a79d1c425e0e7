package dev.sqliterest.server.config;

import dev.sqliterest.replication.AckReplicas;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When the API acknowledges a write while replicating ({@code --replication-ack}, {@code
 * --replication-ack-timeout}); a request may override the mode with {@code Prefer:
 * durability=async|replicated}.
 *
 * @param replicatedByDefault answer a write only once the replica holds it, unless it asks for
 *     {@code async}
 * @param timeout how long a write waits for the replica before the 504 that says it is committed
 *     locally and not yet replicated
 * @param replicas which replicas must hold a replicated write: every one, or any one ({@code
 *     --replication-ack-replicas})
 */
public record ReplicationAck(boolean replicatedByDefault, Duration timeout, AckReplicas replicas) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Asynchronous by default, 10 s for the writes that ask to wait, on every replica. */
  public static final ReplicationAck DEFAULTS = new ReplicationAck(false, DEFAULT_TIMEOUT);

  /** Waiting writes wait for every replica. */
  public ReplicationAck(boolean replicatedByDefault, Duration timeout) {
    this(replicatedByDefault, timeout, AckReplicas.ALL);
  }

  public ReplicationAck {
    Objects.requireNonNull(replicas, "replicas");
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

  /** Parses {@code --replication-ack-replicas}: {@code all} or {@code any}. */
  public static AckReplicas parseReplicas(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "all" -> AckReplicas.ALL;
      case "any" -> AckReplicas.ANY;
      default ->
          throw new ConfigException(
              "--replication-ack-replicas must be all (a replicated write waits for every replica)"
                  + " or any (for one of them), got \""
                  + value
                  + "\"");
    };
  }
}
