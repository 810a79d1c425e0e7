package dev.sqliterest.replication.follow;

import static dev.sqliterest.ltx.LtxFileName.formatTxid;

import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.restore.ReplicaListing;
import dev.sqliterest.replication.restore.RestoreException;
import dev.sqliterest.replication.restore.RestorePlan;
import dev.sqliterest.replication.restore.RestorePlanner;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.replication.restore.TxNotAvailableException;
import java.util.List;

/**
 * Decides a follower's next step (pure). Every poll lists level 0 only, from the follower's TXID
 * on: one LIST request when nothing changed. Only when level 0 cannot continue the database (its
 * files were compacted into higher levels and removed by retention, or the replica holds another
 * database) is every level listed, and the database continued from the compacted levels (the
 * restore planner's chain rule) or, when those no longer reach back either, rebuilt from the newest
 * snapshot like a restore.
 */
public final class FollowPlanner {

  /** Most files one step merges and applies; a longer chain takes several steps. */
  public static final int MAX_FILES = 32;

  private FollowPlanner() {}

  /**
   * The step after listing level 0 from the last applied file's max TXID on.
   *
   * @param last the file applied last (its max TXID is the database's)
   * @param level0 the replica's level-0 files with a min TXID at least {@code last.maxTxid()},
   *     sorted
   */
  public static FollowStep afterPoll(LtxFileInfo last, List<LtxFileInfo> level0) {
    long txid = last.maxTxid();
    if (level0.isEmpty()) {
      return new FollowStep.ListAll(
          false, "level 0 of the replica holds nothing from txid " + formatTxid(txid) + " on");
    }
    long newest = txid;
    for (LtxFileInfo f : level0) {
      newest = Long.compareUnsigned(f.maxTxid(), newest) > 0 ? f.maxTxid() : newest;
      if (isSameName(f, last) && f.size() != last.size()) {
        return new FollowStep.ListAll(
            true,
            String.format(
                "the replica's %s has %d bytes, the one applied had %d: the replica holds"
                    + " another database now",
                f, f.size(), last.size()));
      }
    }
    List<LtxFileInfo> chain = chainFrom(txid, level0);
    if (!chain.isEmpty()) {
      return new FollowStep.Apply(chain, false, newest, "new files on level 0");
    }
    if (newest == txid) {
      return new FollowStep.Current(newest);
    }
    return new FollowStep.ListAll(
        false,
        "level 0 continues at "
            + level0.stream().filter(f -> f.minTxid() > txid).findFirst().orElseThrow()
            + ", not at txid "
            + formatTxid(txid + 1));
  }

  /**
   * The step after listing every level.
   *
   * @param last the file applied last, or null before anything was applied (a restore)
   * @param restore rebuild the database whatever the listing shows
   */
  public static FollowStep afterListing(LtxFileInfo last, ReplicaListing listing, boolean restore)
      throws RestoreException {
    long newest = listing.maxTxid();
    if (last == null || restore) {
      return restore(listing, last == null ? "nothing applied yet" : "rebuilding the database");
    }
    long txid = last.maxTxid();
    if (Long.compareUnsigned(newest, txid) < 0) {
      return restore(
          listing,
          "the replica ends at txid "
              + formatTxid(newest)
              + ", before the "
              + formatTxid(txid)
              + " applied: it holds another database now");
    }
    if (newest == txid) {
      return new FollowStep.Current(newest);
    }
    List<LtxFileInfo> extension = RestorePlanner.extension(listing, txid);
    if (!extension.isEmpty()) {
      return new FollowStep.Apply(
          capped(extension), false, newest, "continuing from the compacted levels");
    }
    return restore(
        listing,
        "no file continues txid "
            + formatTxid(txid)
            + " any more (compaction and retention removed them)");
  }

  private static FollowStep restore(ReplicaListing listing, String why) throws RestoreException {
    if (listing.isEmpty()) {
      return new FollowStep.Wait("the replica is empty");
    }
    RestorePlan plan;
    try {
      plan = RestorePlanner.plan(listing, RestoreTarget.latest());
    } catch (TxNotAvailableException e) {
      return new FollowStep.Wait(e.getMessage());
    }
    return new FollowStep.Apply(
        capped(plan.files()), true, listing.maxTxid(), why + ": restoring from the snapshot");
  }

  /** The level-0 files that continue {@code txid} without a gap, at most {@link #MAX_FILES}. */
  private static List<LtxFileInfo> chainFrom(long txid, List<LtxFileInfo> level0) {
    long cur = txid;
    int from = -1;
    int to = -1;
    for (int i = 0; i < level0.size() && (from < 0 || to - from < MAX_FILES); i++) {
      LtxFileInfo f = level0.get(i);
      if (Long.compareUnsigned(f.maxTxid(), cur) <= 0) {
        continue;
      }
      if (f.minTxid() != cur + 1) {
        break;
      }
      if (from < 0) {
        from = i;
      }
      to = i + 1;
      cur = f.maxTxid();
    }
    return from < 0 ? List.of() : level0.subList(from, to);
  }

  private static List<LtxFileInfo> capped(List<LtxFileInfo> files) {
    return files.size() <= MAX_FILES ? files : files.subList(0, MAX_FILES);
  }

  private static boolean isSameName(LtxFileInfo a, LtxFileInfo b) {
    return a.level() == b.level() && a.minTxid() == b.minTxid() && a.maxTxid() == b.maxTxid();
  }
}
