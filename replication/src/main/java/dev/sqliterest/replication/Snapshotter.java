package dev.sqliterest.replication;

import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes level-9 snapshots: a full image of the database at the local TXID, staged in the meta
 * directory, then uploaded as {@code 0000000000000001-<txid>.ltx}.
 */
final class Snapshotter {

  private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

  private final ReplicatedDatabase db;
  private final Replica replica;
  private final ReplicationListener listener;
  private final String scratchName;
  private volatile Instant lastSnapshot;

  /** {@code scratchName}: the staging file's name, one per replica (they may snapshot at once). */
  Snapshotter(
      ReplicatedDatabase db, Replica replica, ReplicationListener listener, String scratchName) {
    this.db = db;
    this.replica = replica;
    this.listener = listener;
    this.scratchName = scratchName;
  }

  Instant lastSnapshot() {
    return lastSnapshot;
  }

  /**
   * Writes a snapshot unless the newest one was created after {@code boundary} or already covers
   * the local TXID; returns true when one was written.
   */
  synchronized boolean snapshotIfDue(Instant boundary) throws IOException {
    ReplicaClient client = replica.client();
    LtxFileInfo newest =
        Compactor.newest(client.ltxFiles(CompactionLevel.SNAPSHOT_LEVEL, 0, false));
    if (newest != null) {
      if (lastSnapshot == null) {
        lastSnapshot = newest.createdAt();
      }
      if (newest.createdAt().isAfter(boundary)
          || Long.compareUnsigned(newest.maxTxid(), db.localTxid()) >= 0) {
        return false;
      }
    }
    snapshot();
    return true;
  }

  /**
   * Writes a snapshot of the current state now; returns its header. One at a time: the schedule, a
   * sync bridging a gap and an operator may ask at once, and they share the scratch file.
   */
  synchronized LtxHeader snapshot() throws IOException {
    Path scratch = db.meta().scratch(scratchName);
    LtxHeader[] header = new LtxHeader[1];
    try {
      WalRestartedException.retrying(
          () -> MetaDir.writeAtomically(scratch, out -> header[0] = db.writeSnapshot(out)));
      long size = Files.size(scratch);
      try (InputStream in = Files.newInputStream(scratch)) {
        replica.client().writeLtxFile(CompactionLevel.SNAPSHOT_LEVEL, 1, header[0].maxTxid(), in);
      }
      replica.snapshotWritten(header[0].maxTxid());
      Instant at = Instant.ofEpochMilli(header[0].timestamp());
      lastSnapshot = at;
      LOG.atInfo()
          .addKeyValue("txid", String.format("%016x", header[0].maxTxid()))
          .addKeyValue("pages", header[0].commit())
          .addKeyValue("bytes", size)
          .log("snapshot written to level 9");
      Events.emit(listener, new ReplicationEvent.SnapshotWritten(header[0].maxTxid(), size, at));
      return header[0];
    } finally {
      Files.deleteIfExists(scratch);
    }
  }
}
