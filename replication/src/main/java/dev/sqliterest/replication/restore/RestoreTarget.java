package dev.sqliterest.replication.restore;

import java.time.Instant;
import java.util.Objects;

/** What state a restore should produce: the latest, the state at a TXID, or before an instant. */
public sealed interface RestoreTarget {

  /** The newest state the replica holds; a TXID gap fails instead of restoring older data. */
  record Latest() implements RestoreTarget {}

  /** The state right after {@code txid} (some file must end exactly there). */
  record AtTxid(long txid) implements RestoreTarget {
    public AtTxid {
      if (txid <= 0) {
        throw new IllegalArgumentException("restore txid must be positive, got " + txid);
      }
    }
  }

  /** The newest state made only of files created strictly before {@code time}. */
  record AtTime(Instant time) implements RestoreTarget {
    public AtTime {
      Objects.requireNonNull(time, "time");
    }
  }

  static RestoreTarget latest() {
    return new Latest();
  }

  /** Whether the plan needs CreatedAt from metadata (S3 HEAD per file): only for time targets. */
  default boolean needsMetadata() {
    return this instanceof AtTime;
  }

  /**
   * Short text for messages: {@code latest}, {@code txid 000000000000000a}, {@code timestamp …}.
   */
  default String describe() {
    return switch (this) {
      case Latest l -> "latest";
      case AtTxid t -> String.format("txid %016x", t.txid());
      case AtTime t -> "timestamp " + t.time();
    };
  }
}
