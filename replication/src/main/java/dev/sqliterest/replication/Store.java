package dev.sqliterest.replication;

import dev.sqliterest.replication.ReplicationEvent.Operation;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.sqlite.Database;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Litestream's Store for one database: the public face of the engine. {@link #start} opens the
 * local side, reconciles it with the replica and ships what is committed; then a sync thread (woken
 * by commits, coalesced, at least every sync interval) turns WAL frames into L0 files, uploads them
 * and checkpoints, while a maintenance thread compacts, snapshots and applies retention. {@link
 * #close(Duration)} ships everything committed before returning, bounded by a timeout.
 *
 * <p>Call order for the owner: open the {@link Database} with autocheckpoint off, {@code start},
 * serve, then {@code close} before closing the database.
 */
public final class Store implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Store.class);
  private static final Duration SHUTDOWN_RETRY = Duration.ofMillis(500);

  private final Database database;
  private final ReplicaClient client;
  private final ReplicationOptions options;
  private final ReplicationListener listener;
  private final InstantSource clock;
  private final LagClock lag = new LagClock(System::nanoTime);
  private final ReplicatedDatabase db;
  private final Replica replica;
  private final Snapshotter snapshotter;
  private final Maintenance maintenance;
  private final Faults faults;
  private final boolean uploadsAreFree;
  private final Semaphore wake = new Semaphore(0);

  /** Released when a caller starts waiting for its write, to cut the sync spacing short. */
  private final Semaphore hurry = new Semaphore(0);

  /** Callers waiting in {@link #localTxid} or {@link #awaitReplicated}. */
  private final AtomicInteger waitingWrites = new AtomicInteger();

  private volatile boolean running;
  private volatile boolean closed;
  private Thread syncThread;
  private Thread maintenanceThread;

  public Store(
      Database database,
      ReplicaClient client,
      ReplicationOptions options,
      ReplicationListener listener,
      InstantSource clock) {
    if (database.options().autocheckpoint()) {
      throw new IllegalArgumentException(
          "database "
              + database.path()
              + " must be opened with autocheckpoint off to be replicated (the replicator owns checkpoints)");
    }
    this.database = database;
    this.client = client;
    this.options = options;
    this.listener = listener;
    this.clock = clock;
    this.uploadsAreFree = client.uploadsAreFree();
    this.faults =
        new Faults(options.syncInterval(), options.maxBackoff(), clock, listener, client.url());
    this.db = new ReplicatedDatabase(database, options, clock, listener, lag);
    this.replica = new Replica(client, db.meta(), listener, lag, db::localTxid);
    this.snapshotter = new Snapshotter(db, replica, listener);
    this.maintenance =
        new Maintenance(
            options, new Compactor(client, db.meta(), listener), snapshotter, faults, clock);
  }

  /**
   * Starts replicating. Ships what is committed before returning; with {@code allowDegraded} a
   * replica failure is logged and retried in the background instead of failing start-up.
   *
   * @throws ReplicationStartException naming the replica URL and the cause
   */
  public void start(boolean allowDegraded) throws ReplicationStartException {
    try {
      db.open();
    } catch (IOException | SQLException e) {
      throw new ReplicationStartException(
          "open replication state of " + database.path() + ": " + e.getMessage(), e);
    }
    long remote = -1;
    try {
      remote = replica.position();
      reconcile(remote);
      db.sync();
      uploadAll();
      faults.succeeded(Operation.START);
    } catch (IOException | RuntimeException e) {
      if (!allowDegraded) {
        closed = true; // nothing runs: a later close() has nothing to ship
        closeQuietly();
        throw new ReplicationStartException(
            "replica " + client.url() + " is not usable: " + e.getMessage(), e, true);
      }
      LOG.atError()
          .setCause(e instanceof IOException ? null : e)
          .addKeyValue("replica", client.url())
          .log(
              "replica {} is not usable, serving in degraded mode and retrying: {}",
              client.url(),
              e instanceof IOException ? e.getMessage() : e.toString());
      faults.failed(Operation.START, e);
    }
    running = true;
    database.addCommitListener(this::onCommit);
    syncThread = Thread.ofPlatform().name("replication-sync").daemon(true).start(this::syncLoop);
    maintenanceThread =
        Thread.ofPlatform().name("replication-maintenance").daemon(true).start(maintenance);
    LOG.atInfo()
        .addKeyValue("db", database.path())
        .addKeyValue("replica", client.url())
        .addKeyValue("local_txid", db.localTxid())
        .addKeyValue("replica_txid", remote)
        .log("replication started");
    Events.emit(listener, new ReplicationEvent.Started(client.url(), db.localTxid(), remote));
  }

  /** The replica is ahead of the local files (e.g. a restored database): continue after it. */
  private void reconcile(long remote) throws IOException {
    long local = db.localTxid();
    if (Long.compareUnsigned(remote, local) > 0) {
      LOG.atWarn()
          .addKeyValue("local_txid", local)
          .addKeyValue("replica_txid", remote)
          .log("replica is ahead of the local position; continuing with a full image after it");
      db.continueAfter(remote);
      db.pruneLocal(remote);
    }
  }

  private void onCommit() {
    if (running) {
      lag.committed();
      if (wake.availablePermits() == 0) {
        wake.release();
      }
    }
  }

  /** Wakes the sync loop now (e.g. after a commit made outside {@link Database#write}). */
  public void syncNow() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  private void syncLoop() {
    long lastStart = 0;
    while (running) {
      try {
        boolean woken = wake.tryAcquire(options.syncInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (woken) {
          awaitSpacing(lastStart);
        }
        wake.drainPermits();
        hurry.drainPermits();
        lastStart = System.nanoTime();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (running) {
        syncOnce();
      }
    }
  }

  /**
   * Coalesces: commits arriving during the rest of the minimum spacing after the last sync's start
   * ride along in one file (one upload). While a caller waits for its write and every upload is
   * free (file replicas), the sync runs at once instead; on S3 waiting writes keep the spacing, so
   * they cost no more PUTs than asynchronous ones.
   */
  private void awaitSpacing(long lastStart) throws InterruptedException {
    while (true) {
      boolean hurried = waitingWrites.get() > 0 && uploadsAreFree;
      long spacing = hurried ? 0 : options.minSyncSpacing().toNanos();
      long left = spacing - (System.nanoTime() - lastStart);
      if (left <= 0 || !hurry.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        return;
      }
    }
  }

  /** One round of the sync loop; failures are counted and backed off here, the loop boundary. */
  private void syncOnce() {
    try {
      db.sync();
      faults.succeeded(Operation.SYNC);
    } catch (IOException | RuntimeException e) {
      faults.failed(Operation.SYNC, e);
    }
    if (!faults.backingOff(Operation.UPLOAD)) {
      try {
        uploadAll();
        faults.succeeded(Operation.UPLOAD);
        faults.succeeded(Operation.START);
      } catch (IOException | RuntimeException e) {
        faults.failed(Operation.UPLOAD, e);
      }
    }
    try {
      db.checkpointIfNeeded();
      faults.succeeded(Operation.CHECKPOINT);
    } catch (IOException | SQLException | RuntimeException e) {
      faults.failed(Operation.CHECKPOINT, e);
    }
  }

  /**
   * Uploads until the replica has the local TXID; a missing local file is bridged by a snapshot.
   */
  private void uploadAll() throws IOException {
    while (true) {
      long local = db.localTxid();
      try {
        replica.upload(local);
      } catch (LtxGapException gap) {
        LOG.atWarn()
            .addKeyValue("txid", String.format("%016x", gap.missingTxid()))
            .log("replica needs a local L0 file that is gone; bridging with a level-9 snapshot");
        snapshotter.snapshot();
        replica.forgetPosition(); // re-list: the snapshot now bridges the gap
        continue;
      }
      long remote = replica.cachedPosition();
      if (remote < 0 || Long.compareUnsigned(remote, local) >= 0) {
        long prunable =
            options.levels().isEmpty() ? remote : Math.min(remote, maintenance.compactedTxid());
        db.pruneLocal(prunable);
        return;
      }
    }
  }

  /**
   * The TXID of the local L0 file that holds the commit at commit position {@code commit} (a value
   * of {@link Database#commits()} read after {@link Database#write} returned), or a newer local
   * TXID when later commits went into the same sync: an upper bound that the replica reaches like
   * any other local TXID. It is known once the sync that the commit woke has written its file:
   * within milliseconds, or at most {@link ReplicationOptions#minSyncSpacing()} plus one sync under
   * sustained writes.
   *
   * @throws TimeoutException when that sync has not run within {@code timeout}
   */
  public long localTxid(long commit, Duration timeout)
      throws TimeoutException, InterruptedException {
    waitingWrites.incrementAndGet();
    hurry.release();
    try {
      return db.txidOfCommit(commit, timeout);
    } finally {
      waitingWrites.decrementAndGet();
    }
  }

  /**
   * Waits until the replica holds {@code txid} (from {@link #localTxid}); the waiting thread
   * blocks, so call it from a virtual thread. Waiters share the normal sync cycle: a commit wakes
   * the sync, and every write committed before it started rides in the same upload.
   *
   * @throws TimeoutException when the replica does not hold it within {@code timeout}
   */
  public void awaitReplicated(long txid, Duration timeout)
      throws TimeoutException, InterruptedException {
    waitingWrites.incrementAndGet();
    hurry.release();
    try {
      replica.awaitHolds(txid, timeout);
    } finally {
      waitingWrites.decrementAndGet();
    }
  }

  /** A point-in-time view for gauges and readiness. */
  public ReplicationStatus status() {
    boolean healthy =
        !faults.failing(Operation.UPLOAD)
            && !faults.failing(Operation.START)
            && !faults.failing(Operation.SYNC);
    return new ReplicationStatus(
        db.localTxid(),
        replica.knownTxid(),
        lag.lag(),
        snapshotter.lastSnapshot(),
        healthy,
        running);
  }

  /** Writes a level-9 snapshot now (operators, tests). */
  public void snapshotNow() throws IOException {
    snapshotter.snapshot();
  }

  /**
   * Stops replicating: stops the threads, then syncs and uploads until the replica has every
   * committed TXID or {@code timeout} passes; returns true when everything was shipped. Idempotent.
   */
  public boolean close(Duration timeout) {
    if (closed) {
      return true;
    }
    closed = true;
    Instant deadline = clock.instant().plus(timeout);
    running = false;
    wake.release();
    maintenance.stop();
    join(syncThread, timeout);
    join(
        maintenanceThread,
        Duration.ofMillis(Math.max(1, Duration.between(clock.instant(), deadline).toMillis())));
    boolean flushed = false;
    Exception last = null;
    while (!flushed) {
      try {
        db.sync();
        uploadAll();
        flushed = Long.compareUnsigned(replica.position(), db.localTxid()) >= 0;
      } catch (IOException | RuntimeException e) {
        last = e;
      }
      if (flushed || !clock.instant().plus(SHUTDOWN_RETRY).isBefore(deadline)) {
        break;
      }
      try {
        Thread.sleep(SHUTDOWN_RETRY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (flushed) {
      flushed = prepareShutdown();
    }
    long remote = replica.knownTxid();
    if (flushed) {
      LOG.atInfo()
          .addKeyValue("txid", db.localTxid())
          .log("replication stopped; replica has every committed change");
    } else {
      LOG.atError()
          .setCause(last instanceof IOException ? null : last)
          .addKeyValue("local_txid", db.localTxid())
          .addKeyValue("replica_txid", remote)
          .log(
              "replication stopped before the replica caught up: {}",
              last == null ? "timeout" : last.getMessage());
    }
    Events.emit(
        listener, new ReplicationEvent.Stopped(client.url(), db.localTxid(), remote, flushed));
    closeQuietly();
    return flushed;
  }

  /** Checkpoints for a clean restart (see CleanShutdown) and ships a file that produced, if any. */
  private boolean prepareShutdown() {
    try {
      long txid = db.prepareShutdown();
      if (Long.compareUnsigned(replica.position(), txid) < 0) {
        uploadAll();
      }
      return Long.compareUnsigned(replica.position(), txid) >= 0;
    } catch (IOException | SQLException | RuntimeException e) {
      LOG.atWarn().setCause(e).log("final checkpoint before shutdown failed: {}", e.toString());
      return Long.compareUnsigned(replica.cachedPosition(), db.localTxid()) >= 0;
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  private void closeQuietly() {
    try {
      db.close();
    } catch (SQLException e) {
      LOG.warn("closing the replication read fence of {}", database.path(), e);
    }
  }

  private static void join(Thread t, Duration timeout) {
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
