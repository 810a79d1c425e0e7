package dev.sqliterest.replication;

import java.time.Duration;

/**
 * How a {@link Follower} follows its replica.
 *
 * @param interval how often the replica is polled for new files (one LIST of level 0 per poll)
 */
public record FollowOptions(Duration interval) {

  /** Poll every second. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  public FollowOptions {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the follow interval must be positive");
    }
  }

  public static FollowOptions defaults() {
    return new FollowOptions(DEFAULT_INTERVAL);
  }
}
