package dev.sqliterest.replication;

import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Litestream's Replica: uploads local L0 files to one {@link ReplicaClient} in TXID order and
 * tracks the replica's position (its highest TXID over all levels). Any error forgets the cached
 * position, so the next attempt re-lists and resumes exactly where the replica stands: no TXID is
 * skipped and none is written twice with different content. Used by one thread at a time.
 */
final class Replica {

  /** At most this many files per upload round (Litestream's max-sync-ltx-files). */
  static final int MAX_FILES_PER_UPLOAD = 256;

  private final ReplicaClient client;
  private final MetaDir meta;
  private final ReplicationListener listener;
  private final LongConsumer onHolds;
  private final LongSupplier localTxid;
  private volatile long position = -1;

  /** The newest TXID the replica was last seen to hold; survives errors (metrics, status). */
  private volatile long known;

  /** The TXIDs the replica holds, for callers waiting for their write to be on it. */
  private final Watermark holds = new Watermark();

  /**
   * {@code onHolds}: told each time the replica is seen to hold a newer TXID (listed, uploaded or
   * snapshotted); {@code localTxid}: the newest TXID written locally (every L0 file up to it was
   * written).
   */
  Replica(
      ReplicaClient client,
      MetaDir meta,
      ReplicationListener listener,
      LongConsumer onHolds,
      LongSupplier localTxid) {
    this.client = client;
    this.meta = meta;
    this.listener = listener;
    this.onHolds = onHolds;
    this.localTxid = localTxid;
  }

  ReplicaClient client() {
    return client;
  }

  /**
   * The TXID after which uploads continue, listing the replica when not cached: the highest L0
   * TXID, as in Litestream. Only when the next L0 file is no longer local although it was written
   * (a gap that a snapshot bridged) does it move up to the highest TXID of any level. 0 for an
   * empty replica.
   */
  long position() throws IOException {
    long p = position;
    if (p >= 0) {
      return p;
    }
    try {
      // Read before the listing: L0 files are written in TXID order before localTxid moves, and
      // only this thread uploads L0. When the replica's L0 ends exactly at the local TXID the next
      // file is simply not written yet: a snapshot running meanwhile may sync it and put a newer
      // TXID on level 9, and resuming after that would leave a hole in L0. Otherwise a missing next
      // file is a bridged gap (local ahead) or a replica ahead of the local files (local behind).
      long local = localTxid.getAsLong();
      long l0 = maxTxid(0);
      long resume = l0;
      if (local != l0 && !Files.exists(meta.l0Path(l0 + 1))) {
        for (int level = 1; level <= CompactionLevel.SNAPSHOT_LEVEL; level++) {
          resume = Math.max(resume, maxTxid(level));
        }
      }
      position = resume;
      held(resume);
      return resume;
    } catch (IOException | RuntimeException e) {
      position = -1;
      throw e;
    }
  }

  private long maxTxid(int level) throws IOException {
    long max = 0;
    for (LtxFileInfo f : client.ltxFiles(level, 0, false)) {
      if (Long.compareUnsigned(f.maxTxid(), max) > 0) {
        max = f.maxTxid();
      }
    }
    return max;
  }

  /** The cached position, or -1 when unknown (after an error). */
  long cachedPosition() {
    return position;
  }

  /**
   * The newest TXID known to be on the replica: the last listed or uploaded one, kept while the
   * replica is unreachable (an outage does not remove what it already holds); 0 before the first
   * successful listing.
   */
  long knownTxid() {
    return known;
  }

  /**
   * Records that the replica now holds the state at {@code txid} through a snapshot: the changes up
   * to it no longer count as lag. The L0 upload position does not move (L0 stays contiguous).
   */
  void snapshotWritten(long txid) {
    holds.advance(txid, txid);
    onHolds.accept(txid);
  }

  private void held(long txid) {
    known = txid;
    holds.advance(txid, txid);
    onHolds.accept(txid);
  }

  /** The newest TXID the replica holds through an L0 file or a snapshot; 0 before the first. */
  long holds() {
    return holds.position();
  }

  /** Waits until the replica holds {@code txid} (an L0 file or a snapshot at or after it). */
  void awaitHolds(long txid, Duration timeout) throws TimeoutException, InterruptedException {
    holds.await(txid, timeout);
  }

  void forgetPosition() {
    position = -1;
  }

  /**
   * Uploads local L0 files after the replica's position up to {@code localTxid} (at most {@link
   * #MAX_FILES_PER_UPLOAD}); returns how many were uploaded.
   *
   * @throws LtxGapException when the next file the replica needs is no longer local
   */
  int upload(long localTxid) throws IOException {
    try {
      long next = position() + 1;
      int uploaded = 0;
      while (Long.compareUnsigned(next, localTxid) <= 0 && uploaded < MAX_FILES_PER_UPLOAD) {
        Path file = meta.l0Path(next);
        InputStream local;
        try {
          local = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
          throw new LtxGapException(next, client.url());
        }
        long size;
        try (InputStream in = local) {
          size = Files.size(file);
          // a NoSuchFileException from here on is the replica's, not a local gap
          client.writeLtxFile(0, next, next, in);
        }
        position = next;
        held(next);
        Events.emit(listener, new ReplicationEvent.Uploaded(next, size));
        uploaded++;
        next++;
      }
      return uploaded;
    } catch (IOException | RuntimeException e) {
      position = -1;
      throw e;
    }
  }
}
