package dev.sqliterest.replication.follow;

import dev.sqliterest.replication.client.LtxFileInfo;
import java.util.List;

/** What a follower does next, as {@link FollowPlanner} decides it. */
public sealed interface FollowStep {

  /** The follower has every file the replica listed. */
  record Current(long replicaTxid) implements FollowStep {}

  /**
   * Apply {@code files} (contiguous, in order); {@code restore} when they start at TXID 1 and
   * rebuild the database rather than continue it. {@code replicaTxid} is the newest TXID listed.
   */
  record Apply(List<LtxFileInfo> files, boolean restore, long replicaTxid, String why)
      implements FollowStep {
    public Apply {
      files = List.copyOf(files);
      if (files.isEmpty()) {
        throw new IllegalArgumentException("nothing to apply");
      }
    }

    /** The TXID the database is at once they are applied. */
    public long txid() {
      return files.getLast().maxTxid();
    }
  }

  /**
   * Level 0 alone cannot continue the database: list every level; {@code restore} when the database
   * must be rebuilt whatever the listing shows (the replica holds another database).
   */
  record ListAll(boolean restore, String why) implements FollowStep {}

  /** The replica holds nothing to restore from yet (no snapshot, or empty). */
  record Wait(String why) implements FollowStep {}
}
