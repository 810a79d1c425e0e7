package dev.sqliterest.replication;

import dev.sqliterest.replication.ReplicationEvent.Operation;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the engine does for one replica: its position, uploads, failures and back-off,
 * compaction, snapshots and retention, on threads of its own, so a replica that fails or hangs
 * holds up no other. The {@link Store} writes the local L0 files once and wakes every lane; each
 * lane ships them at its own pace. Its events reach the listener tagged with the replica's URL.
 */
final class ReplicaLane {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaLane.class);

  private final ReplicaClient client;
  private final ReplicatedDatabase db;
  private final ReplicationOptions options;
  private final Replica replica;
  private final Faults faults;
  private final Snapshotter snapshotter;
  private final Maintenance maintenance;
  private final ReplicationListener events;
  private final Semaphore wake = new Semaphore(0);
  private final String tag;
  private volatile boolean running;
  private Thread uploader;
  private Thread maintainer;

  /**
   * {@code index}: the lane's place in the configuration (tells its threads and staging files
   * apart); {@code onHolds}: told when this replica holds a newer TXID.
   */
  ReplicaLane(
      int index,
      ReplicaClient client,
      ReplicatedDatabase db,
      ReplicationOptions options,
      ReplicationListener listener,
      InstantSource clock,
      LongConsumer onHolds) {
    this.client = client;
    this.db = db;
    this.options = options;
    String url = client.url();
    this.events = event -> listener.on(url, event);
    this.tag = index == 0 ? "" : "-" + index;
    LongSupplier localTxid = db::localTxid;
    this.faults = new Faults(options.syncInterval(), options.maxBackoff(), clock, events, url);
    this.replica = new Replica(client, db.meta(), events, onHolds, localTxid);
    this.snapshotter = new Snapshotter(db, replica, events, "snapshot" + tag);
    this.maintenance =
        new Maintenance(
            options, new Compactor(client, db.meta(), events, tag), snapshotter, faults, clock);
  }

  String url() {
    return client.url();
  }

  ReplicaClient client() {
    return client;
  }

  Replica replica() {
    return replica;
  }

  Faults faults() {
    return faults;
  }

  Snapshotter snapshotter() {
    return snapshotter;
  }

  ReplicationListener events() {
    return events;
  }

  /** Starts the upload and maintenance threads. */
  void start() {
    running = true;
    uploader =
        Thread.ofPlatform().name("replication-upload" + tag).daemon(true).start(this::uploadLoop);
    maintainer =
        Thread.ofPlatform().name("replication-maintenance" + tag).daemon(true).start(maintenance);
  }

  /** New local L0 files are there: ship them now (unless backing off). */
  void wake() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  private void uploadLoop() {
    while (running) {
      try {
        wake.tryAcquire(options.syncInterval().toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (running && !faults.backingOff(Operation.UPLOAD)) {
        try {
          uploadAll();
          faults.succeeded(Operation.UPLOAD);
          faults.succeeded(Operation.START);
        } catch (IOException | RuntimeException e) {
          faults.failed(Operation.UPLOAD, e);
        }
      }
    }
  }

  /**
   * Uploads until the replica has the local TXID; a missing local file is bridged by a snapshot.
   */
  void uploadAll() throws IOException {
    while (true) {
      long local = db.localTxid();
      try {
        replica.upload(local);
      } catch (LtxGapException gap) {
        LOG.atWarn()
            .addKeyValue("txid", String.format("%016x", gap.missingTxid()))
            .addKeyValue("replica", client.url())
            .log("replica needs a local L0 file that is gone; bridging with a level-9 snapshot");
        snapshotter.snapshot();
        replica.forgetPosition(); // re-list: the snapshot now bridges the gap
        continue;
      }
      long remote = replica.cachedPosition();
      if (remote < 0 || Long.compareUnsigned(remote, local) >= 0) {
        return;
      }
    }
  }

  /**
   * The highest TXID whose local L0 file this replica no longer needs (uploaded, and compacted into
   * level 1 when levels are configured); -1 while its position is unknown.
   */
  long prunable() {
    long remote = replica.cachedPosition();
    if (remote < 0) {
      return -1;
    }
    return options.levels().isEmpty() ? remote : Math.min(remote, maintenance.compactedTxid());
  }

  /** Whether the last upload, start or sync attempt for this replica failed. */
  boolean failing() {
    return faults.failing(Operation.UPLOAD) || faults.failing(Operation.START);
  }

  /** Stops the threads, waiting at most {@code timeout} for each. */
  void stop(Duration timeout) {
    running = false;
    wake.release();
    maintenance.stop();
    join(uploader, timeout);
    join(maintainer, timeout);
  }

  /** Waits at most {@code timeout} for {@code t} (none: returns at once). */
  static void join(Thread t, Duration timeout) {
    if (t == null) {
      return;
    }
    try {
      t.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
