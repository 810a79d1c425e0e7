package dev.sqliterest.replication.restore;

import dev.sqliterest.replication.client.LegacySnapshotInfo;
import dev.sqliterest.replication.client.LegacyWalSegmentInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses a Litestream v0.3 restore (docs/FORMAT.md, "Legacy v0.3 layout"): the newest snapshot (at
 * or before the target time), then its generation's WAL segments from the snapshot's index on
 * (created at or before the target time). Pure.
 */
public final class LegacyPlanner {

  private LegacyPlanner() {}

  public static LegacyPlan plan(LegacyListing listing, RestoreTarget target)
      throws RestoreException {
    Instant time =
        switch (target) {
          case RestoreTarget.AtTime t -> t.time();
          case RestoreTarget.Latest l -> null;
          case RestoreTarget.AtTxid t ->
              throw new RestoreException("a legacy v0.3 backup cannot be restored to a txid");
        };
    LegacySnapshotInfo snap = listing.bestSnapshot(time);
    if (snap == null) {
      throw new TxNotAvailableException(
          "no matching backup files available: no v0.3 snapshot"
              + (time != null ? " created at or before " + time : ""));
    }
    List<LegacyWalSegmentInfo> segs = new ArrayList<>();
    for (LegacyWalSegmentInfo s : listing.segments().getOrDefault(snap.generation(), List.of())) {
      if (s.index() >= snap.index() && (time == null || !s.createdAt().isAfter(time))) {
        segs.add(s);
      }
    }
    return new LegacyPlan(snap, segs);
  }
}
