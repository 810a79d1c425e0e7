package dev.sqliterest.replication.restore;

import dev.sqliterest.replication.client.LegacySnapshotInfo;
import dev.sqliterest.replication.client.LegacyWalSegmentInfo;
import java.util.List;
import java.util.Objects;

/** A Litestream v0.3 restore: one snapshot plus its generation's WAL segments from its index on. */
public record LegacyPlan(LegacySnapshotInfo snapshot, List<LegacyWalSegmentInfo> segments) {

  public LegacyPlan {
    Objects.requireNonNull(snapshot, "snapshot");
    segments = List.copyOf(segments);
  }

  /** Total stored (compressed) bytes to download. */
  public long totalSize() {
    return snapshot.size() + segments.stream().mapToLong(LegacyWalSegmentInfo::size).sum();
  }

  public int fileCount() {
    return 1 + segments.size();
  }
}
