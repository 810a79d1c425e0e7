package dev.sqliterest.replication.restore;

import dev.sqliterest.replication.client.Levels;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The LTX files of every level of a replica at one moment, each level sorted by TXID. */
public record ReplicaListing(Map<Integer, List<LtxFileInfo>> levels) {

  public ReplicaListing {
    Map<Integer, List<LtxFileInfo>> copy = new TreeMap<>();
    levels.forEach(
        (level, files) -> {
          List<LtxFileInfo> sorted = new ArrayList<>(files);
          sorted.sort(LtxFileInfo.BY_TXID);
          copy.put(Levels.requireLevel(level), List.copyOf(sorted));
        });
    levels = java.util.Collections.unmodifiableMap(copy);
  }

  /** Lists levels 0..9 of {@code client}. */
  public static ReplicaListing read(ReplicaClient client, boolean useMetadata) throws IOException {
    return new ReplicaListing(client.ltxFilesOfAllLevels(useMetadata));
  }

  /** A listing of the given files, grouped by their level. */
  public static ReplicaListing of(List<LtxFileInfo> files) {
    Map<Integer, List<LtxFileInfo>> levels = new TreeMap<>();
    for (LtxFileInfo f : files) {
      levels.computeIfAbsent(f.level(), l -> new ArrayList<>()).add(f);
    }
    return new ReplicaListing(levels);
  }

  public List<LtxFileInfo> files(int level) {
    return levels.getOrDefault(level, List.of());
  }

  public boolean isEmpty() {
    return levels.values().stream().allMatch(List::isEmpty);
  }

  /** The newest CreatedAt of any file, or null for an empty replica. */
  public java.time.Instant newestCreatedAt() {
    return levels.values().stream()
        .flatMap(List::stream)
        .map(LtxFileInfo::createdAt)
        .max(java.util.Comparator.naturalOrder())
        .orElse(null);
  }

  /** The highest max TXID across all levels, or 0 for an empty replica. */
  public long maxTxid() {
    return levels.values().stream()
        .flatMap(List::stream)
        .mapToLong(LtxFileInfo::maxTxid)
        .max()
        .orElse(0);
  }
}
