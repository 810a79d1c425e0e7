package dev.sqliterest.replication.restore;

import dev.sqliterest.replication.client.LegacyReplicaReader;
import dev.sqliterest.replication.client.LegacySnapshotInfo;
import dev.sqliterest.replication.client.LegacyWalSegmentInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every v0.3 snapshot and WAL segment of a replica at one moment, by generation. */
public record LegacyListing(
    List<LegacySnapshotInfo> snapshots, Map<String, List<LegacyWalSegmentInfo>> segments) {

  public LegacyListing {
    snapshots = List.copyOf(snapshots);
    segments = Map.copyOf(segments);
  }

  public static LegacyListing read(LegacyReplicaReader legacy) throws IOException {
    List<LegacySnapshotInfo> snaps = new ArrayList<>();
    Map<String, List<LegacyWalSegmentInfo>> segs = new TreeMap<>();
    for (String gen : legacy.generations()) {
      snaps.addAll(legacy.snapshots(gen));
      segs.put(gen, legacy.walSegments(gen));
    }
    return new LegacyListing(snaps, segs);
  }

  public boolean isEmpty() {
    return snapshots.isEmpty() && segments.values().stream().allMatch(List::isEmpty);
  }

  /** Newest CreatedAt of any snapshot or segment, or null when there are none. */
  public Instant newestCreatedAt() {
    Instant newest = null;
    for (LegacySnapshotInfo s : snapshots) {
      newest = newest == null || s.createdAt().isAfter(newest) ? s.createdAt() : newest;
    }
    for (List<LegacyWalSegmentInfo> list : segments.values()) {
      for (LegacyWalSegmentInfo s : list) {
        newest = newest == null || s.createdAt().isAfter(newest) ? s.createdAt() : newest;
      }
    }
    return newest;
  }

  /** The newest snapshot (by CreatedAt) created at or before {@code time} (null = any). */
  public LegacySnapshotInfo bestSnapshot(Instant time) {
    List<LegacySnapshotInfo> byTime = new ArrayList<>(snapshots);
    byTime.sort(Comparator.comparing(LegacySnapshotInfo::createdAt));
    LegacySnapshotInfo best = null;
    for (LegacySnapshotInfo s : byTime) {
      if (time == null || !s.createdAt().isAfter(time)) {
        best = s;
      }
    }
    return best;
  }
}
