package dev.sqliterest.replication.restore;

import dev.sqliterest.replication.client.Levels;
import dev.sqliterest.replication.client.LtxFileInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the LTX files that rebuild a database at a {@link RestoreTarget}, as Litestream's {@code
 * CalcRestorePlan} does (docs/FORMAT.md, "Plan"). Pure: works on a {@link ReplicaListing}.
 *
 * <p>Implementation notes. The plan starts with the newest eligible L9 snapshot (if any), which
 * sets the current TXID {@code cur}. Each of levels 8..0 then keeps a cursor over its files in TXID
 * order. In every round each cursor consumes the files that could continue the chain ({@code min <=
 * cur + 1}) and remembers its best eligible one (ends after {@code cur}, not after the target TXID,
 * created strictly before the target time); the best candidate over all levels is appended (largest
 * max TXID, then smallest min TXID, then higher level, then older). Files a cursor passed over are
 * never reconsidered, exactly as in Litestream. Without a TXID or time target, a file left beyond
 * {@code cur + 1} in any level means the replica has a gap and the restore fails rather than return
 * older data.
 */
public final class RestorePlanner {

  private RestorePlanner() {}

  /**
   * Plans a restore of {@code listing} to {@code target}.
   *
   * @throws TxNotAvailableException nothing restorable (no chain from TXID 1, or the TXID target is
   *     not reachable)
   * @throws NonContiguousLtxFilesException a latest restore found a TXID gap
   */
  public static RestorePlan plan(ReplicaListing listing, RestoreTarget target)
      throws RestoreException {
    long txid = target instanceof RestoreTarget.AtTxid t ? t.txid() : 0;
    Instant before = target instanceof RestoreTarget.AtTime t ? t.time() : null;

    List<LtxFileInfo> plan = new ArrayList<>();
    LtxFileInfo snapshot = null;
    for (LtxFileInfo f : listing.files(Levels.SNAPSHOT)) {
      if (eligible(f, txid, before)) {
        snapshot = f;
      }
    }
    long cur = 0;
    if (snapshot != null) {
      plan.add(snapshot);
      cur = snapshot.maxTxid();
    }
    if (txid == 0 || cur < txid) {
      List<LevelCursor> cursors = new ArrayList<>();
      for (int level = Levels.SNAPSHOT - 1; level >= 0; level--) {
        cursors.add(new LevelCursor(listing.files(level)));
      }
      cur = extend(plan, cursors, cur, txid, before);
      if (!plan.isEmpty() && txid == 0 && before == null) {
        for (LevelCursor c : cursors) {
          LtxFileInfo next = c.peek();
          if (next != null && next.minTxid() > cur + 1) {
            throw new NonContiguousLtxFilesException(cur, next.minTxid());
          }
        }
      }
    }
    if (plan.isEmpty()) {
      throw new TxNotAvailableException(
          "no matching backup files available for "
              + target.describe()
              + " (the replica has no snapshot or file chain starting at TXID 1"
              + (before != null ? " created before " + before : "")
              + ")");
    }
    if (txid != 0 && cur < txid) {
      throw new TxNotAvailableException(
          String.format(
              "no matching backup files available for txid %016x: the replica's files reach %016x"
                  + " and no retained file ends exactly at the requested TXID",
              txid, cur));
    }
    return new RestorePlan(plan);
  }

  /**
   * The files that continue a database at {@code txid} (levels 8..0, Litestream's chain rule above;
   * snapshots are not considered), in apply order; empty when no file starts at or before {@code
   * txid + 1} and ends after it. A follower that fell behind uses it to skip files that compaction
   * and retention removed.
   */
  public static List<LtxFileInfo> extension(ReplicaListing listing, long txid) {
    List<LtxFileInfo> files = new ArrayList<>();
    List<LevelCursor> cursors = new ArrayList<>();
    for (int level = Levels.SNAPSHOT - 1; level >= 0; level--) {
      cursors.add(new LevelCursor(listing.files(level)));
    }
    extend(files, cursors, txid, 0, null);
    return files;
  }

  private static long extend(
      List<LtxFileInfo> plan, List<LevelCursor> cursors, long cur, long txid, Instant before) {
    while (true) {
      LtxFileInfo best = null;
      LevelCursor bestCursor = null;
      for (LevelCursor c : cursors) {
        LtxFileInfo candidate = c.refresh(cur, txid, before);
        if (candidate != null && (best == null || better(candidate, best))) {
          best = candidate;
          bestCursor = c;
        }
      }
      if (best == null) {
        return cur;
      }
      plan.add(best);
      cur = best.maxTxid();
      bestCursor.clearCandidate();
      if (txid != 0 && cur >= txid) {
        return cur;
      }
    }
  }

  static boolean eligible(LtxFileInfo f, long txid, Instant before) {
    return (txid == 0 || f.maxTxid() <= txid) && (before == null || f.createdAt().isBefore(before));
  }

  /** Litestream's tie-breaks: larger max TXID, smaller min TXID, higher level, older. */
  static boolean better(LtxFileInfo a, LtxFileInfo b) {
    if (a.maxTxid() != b.maxTxid()) {
      return a.maxTxid() > b.maxTxid();
    }
    if (a.minTxid() != b.minTxid()) {
      return a.minTxid() < b.minTxid();
    }
    if (a.level() != b.level()) {
      return a.level() > b.level();
    }
    return a.createdAt().isBefore(b.createdAt());
  }

  /** One level's files, consumed in TXID order, with the best candidate seen so far. */
  private static final class LevelCursor {
    private final List<LtxFileInfo> files;
    private int next;
    private LtxFileInfo candidate;

    LevelCursor(List<LtxFileInfo> files) {
      this.files = files;
    }

    LtxFileInfo peek() {
      return next < files.size() ? files.get(next) : null;
    }

    LtxFileInfo refresh(long cur, long txid, Instant before) {
      if (candidate != null && candidate.maxTxid() <= cur) {
        candidate = null;
      }
      while (next < files.size() && files.get(next).minTxid() <= cur + 1) {
        LtxFileInfo f = files.get(next++);
        if (f.maxTxid() > cur
            && eligible(f, txid, before)
            && (candidate == null || better(f, candidate))) {
          candidate = f;
        }
      }
      return candidate;
    }

    void clearCandidate() {
      candidate = null;
    }
  }
}
