package dev.sqliterest.replication;

import dev.sqliterest.ltx.LtxCompactor;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Litestream's Compactor: merges level {@code d-1} files into level {@code d} (docs/FORMAT.md,
 * "Compaction and snapshot schedule") and applies retention to L0, L1..N and the snapshot level
 * ("Retention").
 *
 * <p>Compaction reads L0 inputs from the local meta directory when they are still there (as
 * Litestream does), else from the replica, and writes through a scratch file so an upload never
 * starts before the output is complete. At most {@link #MAX_INPUTS} inputs go into one output; a
 * larger backlog is compacted in several files during the same run. Inputs stop at the first TXID
 * gap (bridged by a snapshot); the rest is compacted from after the gap next time.
 */
final class Compactor {

  private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
  static final int MAX_INPUTS = 128;

  private final ReplicaClient client;
  private final MetaDir meta;
  private final ReplicationListener listener;
  private final String scratchSuffix;

  /** {@code scratchSuffix} tells the staging files of several replicas apart. */
  Compactor(
      ReplicaClient client, MetaDir meta, ReplicationListener listener, String scratchSuffix) {
    this.client = client;
    this.meta = meta;
    this.listener = listener;
    this.scratchSuffix = scratchSuffix;
  }

  /**
   * Compacts level {@code level - 1} into {@code level} unless the newest file of {@code level} was
   * created after {@code boundary} (too early) or there is nothing new; returns the files written.
   */
  List<LtxFileInfo> compact(int level, Instant boundary) throws IOException {
    List<LtxFileInfo> written = new ArrayList<>();
    LtxFileInfo dstMax = newest(client.ltxFiles(level, 0, false));
    if (dstMax != null && dstMax.createdAt().isAfter(boundary)) {
      return written;
    }
    long after = dstMax == null ? 0 : dstMax.maxTxid();
    List<LtxFileInfo> inputs = new ArrayList<>();
    for (LtxFileInfo f : client.ltxFiles(level - 1, 0, false)) {
      if (Long.compareUnsigned(f.minTxid(), after) > 0) {
        inputs.add(f);
      }
    }
    inputs.sort(LtxFileInfo.BY_TXID);
    while (!inputs.isEmpty()) {
      List<LtxFileInfo> batch = contiguousPrefix(inputs);
      written.add(compactBatch(level, batch));
      inputs = inputs.subList(batch.size(), inputs.size());
    }
    return written;
  }

  private static List<LtxFileInfo> contiguousPrefix(List<LtxFileInfo> inputs) {
    List<LtxFileInfo> batch = new ArrayList<>();
    batch.add(inputs.get(0));
    for (int i = 1; i < inputs.size() && batch.size() < MAX_INPUTS; i++) {
      LtxFileInfo prev = batch.get(batch.size() - 1);
      LtxFileInfo next = inputs.get(i);
      if (Long.compareUnsigned(next.minTxid(), prev.maxTxid() + 1) > 0
          || Long.compareUnsigned(next.maxTxid(), prev.maxTxid()) <= 0) {
        break;
      }
      batch.add(next);
    }
    return batch;
  }

  private LtxFileInfo compactBatch(int level, List<LtxFileInfo> batch) throws IOException {
    long min = batch.get(0).minTxid();
    long max = batch.get(batch.size() - 1).maxTxid();
    Path scratch = meta.scratch("compact-" + level + scratchSuffix);
    List<InputStream> streams = new ArrayList<>();
    try {
      for (LtxFileInfo f : batch) {
        streams.add(open(f));
      }
      MetaDir.writeAtomically(scratch, out -> new LtxCompactor().compact(streams, out));
      LtxFileInfo info;
      try (InputStream in = Files.newInputStream(scratch)) {
        info = client.writeLtxFile(level, min, max, in);
      }
      LOG.atInfo()
          .addKeyValue("level", level)
          .addKeyValue("min_txid", String.format("%016x", min))
          .addKeyValue("max_txid", String.format("%016x", max))
          .addKeyValue("inputs", batch.size())
          .log("compacted {} files into level {}", batch.size(), level);
      Events.emit(
          listener, new ReplicationEvent.Compacted(level, min, max, batch.size(), info.size()));
      return info;
    } finally {
      for (InputStream s : streams) {
        try {
          s.close();
        } catch (IOException e) {
          // read-only input: no data is lost, but a failing close is worth a line
          LOG.debug("closing a compaction input failed: {}", e.toString());
        }
      }
      Files.deleteIfExists(scratch);
    }
  }

  private InputStream open(LtxFileInfo f) throws IOException {
    if (f.level() == 0 && f.minTxid() == f.maxTxid()) {
      Path local = meta.l0Path(f.minTxid());
      if (Files.exists(local)) {
        try {
          return new BufferedInputStream(Files.newInputStream(local), 1 << 16);
        } catch (java.nio.file.NoSuchFileException raced) {
          LOG.debug("local L0 {} pruned meanwhile; reading the replica's copy", local);
        }
      }
    }
    return new BufferedInputStream(
        client.openLtxFile(f.level(), f.minTxid(), f.maxTxid(), 0, 0), 1 << 16);
  }

  /**
   * L0 retention: deletes L0 files already covered by L1 that are older than {@code retention},
   * walking in TXID order and stopping at the first recent one; never the newest L0 file. Returns
   * the highest TXID deleted (0 if none).
   */
  long enforceL0Retention(Instant now, Duration retention) throws IOException {
    LtxFileInfo l1Max = newest(client.ltxFiles(1, 0, false));
    if (l1Max == null) {
      return 0;
    }
    List<LtxFileInfo> l0 = new ArrayList<>(client.ltxFiles(0, 0, false));
    l0.sort(LtxFileInfo.BY_TXID);
    Instant cutoff = now.minus(retention);
    List<LtxFileInfo> doomed = new ArrayList<>();
    for (int i = 0; i < l0.size() - 1; i++) { // never the newest
      LtxFileInfo f = l0.get(i);
      if (f.createdAt().isAfter(cutoff)) {
        break;
      }
      if (Long.compareUnsigned(f.maxTxid(), l1Max.maxTxid()) <= 0) {
        doomed.add(f);
      }
    }
    return delete(0, doomed);
  }

  /**
   * Snapshot retention: deletes level-9 snapshots created before {@code now - retention} (never the
   * newest), then files of levels 1..{@code maxLevel} that end below the oldest kept snapshot's
   * floor (never a level's newest file).
   */
  void enforceSnapshotRetention(Instant now, Duration retention, int maxLevel) throws IOException {
    List<LtxFileInfo> snapshots =
        new ArrayList<>(client.ltxFiles(CompactionLevel.SNAPSHOT_LEVEL, 0, false));
    snapshots.sort(LtxFileInfo.BY_TXID);
    Instant cutoff = now.minus(retention);
    List<LtxFileInfo> doomed = new ArrayList<>();
    long floor = 0;
    for (int i = 0; i < snapshots.size() - 1; i++) {
      LtxFileInfo s = snapshots.get(i);
      if (!s.createdAt().isBefore(cutoff)) {
        break;
      }
      doomed.add(s);
      floor = s.maxTxid();
    }
    delete(CompactionLevel.SNAPSHOT_LEVEL, doomed);
    if (floor == 0) {
      return;
    }
    for (int level = 1; level <= maxLevel; level++) {
      List<LtxFileInfo> files = new ArrayList<>(client.ltxFiles(level, 0, false));
      files.sort(LtxFileInfo.BY_TXID);
      List<LtxFileInfo> old = new ArrayList<>();
      for (int i = 0; i < files.size() - 1; i++) {
        if (Long.compareUnsigned(files.get(i).maxTxid(), floor) < 0) {
          old.add(files.get(i));
        }
      }
      delete(level, old);
    }
  }

  private long delete(int level, List<LtxFileInfo> files) throws IOException {
    if (files.isEmpty()) {
      return 0;
    }
    client.deleteLtxFiles(files);
    LOG.atInfo()
        .addKeyValue("level", level)
        .addKeyValue("files", files.size())
        .log("retention deleted {} files of level {}", files.size(), level);
    Events.emit(listener, new ReplicationEvent.RetentionApplied(level, files.size()));
    return files.get(files.size() - 1).maxTxid();
  }

  static LtxFileInfo newest(List<LtxFileInfo> files) {
    return files.stream()
        .max(
            Comparator.comparing(LtxFileInfo::maxTxid, Long::compareUnsigned)
                .thenComparing(LtxFileInfo::minTxid, Long::compareUnsigned))
        .orElse(null);
  }
}
