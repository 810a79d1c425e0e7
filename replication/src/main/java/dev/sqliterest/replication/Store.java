package dev.sqliterest.replication;

import dev.sqliterest.replication.ReplicationEvent.Operation;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.sqlite.Database;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Litestream's Store for one database: the public face of the engine. {@link #start} opens the
 * local side, reconciles it with the replicas and ships what is committed; then a sync thread
 * (woken by commits, coalesced, at least every sync interval) turns WAL frames into L0 files and
 * checkpoints, and wakes one {@link ReplicaLane} per replica, which uploads them, compacts,
 * snapshots and applies retention on threads of its own (a failing replica holds up no other).
 * Local L0 files go once every replica has them. {@link #close(Duration)} ships everything
 * committed to every replica before returning, bounded by a timeout.
 *
 * <p>Call order for the owner: open the {@link Database} with autocheckpoint off, {@code start},
 * serve, then {@code close} before closing the database.
 */
public final class Store implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Store.class);
  private static final Duration SHUTDOWN_RETRY = Duration.ofMillis(500);

  /**
   * The spacing between syncs when every upload is free (file replicas): a follower of the replica
   * then sees a write within about this much plus one sync and copy, and a burst still shares files
   * (at most 50 per second, which compaction folds into level 1).
   */
  static final Duration FREE_UPLOAD_SPACING = Duration.ofMillis(20);

  private final Database database;
  private final ReplicationOptions options;
  private final ReplicationListener listener;
  private final InstantSource clock;
  private final LagClock lag = new LagClock(System::nanoTime);
  private final ReplicatedDatabase db;
  private final List<ReplicaLane> lanes;
  private final AckReplicas ack;

  /** Local work (sync, checkpoint); each replica counts its own failures. */
  private final Faults faults;

  private final boolean uploadsAreFree;
  private final String urls;

  /** The TXIDs held by every replica, and by at least one. */
  private final Watermark onAll = new Watermark();

  private final Watermark onAny = new Watermark();
  private final Semaphore wake = new Semaphore(0);

  /** Released when a caller starts waiting for its write, to cut the sync spacing short. */
  private final Semaphore hurry = new Semaphore(0);

  /** Callers waiting in {@link #localTxid} or {@link #awaitReplicated}. */
  private final AtomicInteger waitingWrites = new AtomicInteger();

  private volatile boolean running;
  private volatile boolean closed;
  private Thread syncThread;

  /** One replica. */
  public Store(
      Database database,
      ReplicaClient client,
      ReplicationOptions options,
      ReplicationListener listener,
      InstantSource clock) {
    this(database, List.of(client), AckReplicas.ALL, options, listener, clock);
  }

  /**
   * Several replicas; {@code ack} says which must hold a write before {@link #awaitReplicated}
   * returns. Lag and {@link ReplicationStatus#replicaTxid()} always follow the slowest.
   */
  public Store(
      Database database,
      List<ReplicaClient> clients,
      AckReplicas ack,
      ReplicationOptions options,
      ReplicationListener listener,
      InstantSource clock) {
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("at least one replica");
    }
    if (database.options().autocheckpoint()) {
      throw new IllegalArgumentException(
          "database "
              + database.path()
              + " must be opened with autocheckpoint off to be replicated (the replicator owns checkpoints)");
    }
    this.database = database;
    this.options = options;
    this.listener = listener;
    this.clock = clock;
    this.ack = ack;
    this.uploadsAreFree = clients.stream().allMatch(ReplicaClient::uploadsAreFree);
    this.urls = String.join(",", clients.stream().map(ReplicaClient::url).toList());
    this.faults = new Faults(options.syncInterval(), options.maxBackoff(), clock, listener, urls);
    this.db = new ReplicatedDatabase(database, options, clock, listener, lag);
    List<ReplicaLane> built = new ArrayList<>();
    for (ReplicaClient client : clients) {
      built.add(
          new ReplicaLane(
              built.size(), client, db, options, listener, clock, txid -> replicaHolds()));
    }
    this.lanes = List.copyOf(built);
  }

  /** A replica holds a newer TXID: move what every replica, and any one, holds. */
  private synchronized void replicaHolds() {
    long all = -1;
    long any = 0;
    for (ReplicaLane lane : lanes) {
      long held = lane.replica().holds();
      all = all < 0 || Long.compareUnsigned(held, all) < 0 ? held : all;
      any = Long.compareUnsigned(held, any) > 0 ? held : any;
    }
    lag.uploaded(all);
    onAll.advance(all, all);
    onAny.advance(any, any);
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
    long[] remote = new long[lanes.size()];
    List<ReplicaLane> usable = new ArrayList<>();
    for (int i = 0; i < lanes.size(); i++) {
      ReplicaLane lane = lanes.get(i);
      remote[i] = -1;
      try {
        remote[i] = lane.replica().position();
        usable.add(lane);
      } catch (IOException | RuntimeException e) {
        unusable(lane, e, allowDegraded);
      }
    }
    try {
      reconcile(usable.stream().mapToLong(l -> l.replica().cachedPosition()).toArray());
      db.sync();
    } catch (IOException | RuntimeException e) {
      closed = true;
      closeQuietly();
      throw new ReplicationStartException(
          "replicate " + database.path() + ": " + e.getMessage(), e, false);
    }
    for (ReplicaLane lane : usable) {
      try {
        lane.uploadAll();
        lane.faults().succeeded(Operation.START);
      } catch (IOException | RuntimeException e) {
        unusable(lane, e, allowDegraded);
      }
    }
    pruneLocal();
    running = true;
    database.addCommitListener(this::onCommit);
    syncThread = Thread.ofPlatform().name("replication-sync").daemon(true).start(this::syncLoop);
    for (int i = 0; i < lanes.size(); i++) {
      ReplicaLane lane = lanes.get(i);
      lane.start();
      LOG.atInfo()
          .addKeyValue("db", database.path())
          .addKeyValue("replica", lane.url())
          .addKeyValue("local_txid", db.localTxid())
          .addKeyValue("replica_txid", remote[i])
          .log("replication started");
      Events.emit(
          lane.events(), new ReplicationEvent.Started(lane.url(), db.localTxid(), remote[i]));
    }
  }

  /**
   * A replica failed at start-up: fatal unless {@code allowDegraded} (then it is retried in the
   * background like any failed upload).
   */
  private void unusable(ReplicaLane lane, Exception e, boolean allowDegraded)
      throws ReplicationStartException {
    if (!allowDegraded) {
      closed = true; // nothing runs: a later close() has nothing to ship
      closeQuietly();
      throw new ReplicationStartException(
          "replica " + lane.url() + " is not usable: " + e.getMessage(), e, true);
    }
    LOG.atError()
        .setCause(e instanceof IOException ? null : e)
        .addKeyValue("replica", lane.url())
        .log(
            "replica {} is not usable, serving in degraded mode and retrying: {}",
            lane.url(),
            e instanceof IOException ? e.getMessage() : e.toString());
    lane.faults().failed(Operation.START, e);
  }

  /**
   * A replica is ahead of the local files (e.g. a restored database): continue after the newest;
   * the replicas behind it get a snapshot bridging the gap.
   */
  private void reconcile(long[] remotes) throws IOException {
    long remote = 0;
    for (long r : remotes) {
      remote = Long.compareUnsigned(r, remote) > 0 ? r : remote;
    }
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
   * ride along in one file (one upload). When every upload is free (file replicas) the spacing is
   * at most {@link #FREE_UPLOAD_SPACING}, and while a caller waits for its write the sync runs at
   * once; on S3 every sync keeps the spacing, so waiting writes cost no more PUTs than asynchronous
   * ones.
   */
  private void awaitSpacing(long lastStart) throws InterruptedException {
    long spaced =
        uploadsAreFree
            ? Math.min(FREE_UPLOAD_SPACING.toNanos(), options.minSyncSpacing().toNanos())
            : options.minSyncSpacing().toNanos();
    while (true) {
      boolean hurried = waitingWrites.get() > 0 && uploadsAreFree;
      long spacing = hurried ? 0 : spaced;
      long left = spacing - (System.nanoTime() - lastStart);
      if (left <= 0 || !hurry.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        return;
      }
    }
  }

  /**
   * One round of the sync loop: write the new L0 file, wake every replica's uploads, drop the local
   * files every replica has, checkpoint. Failures are counted and backed off here, the loop
   * boundary.
   */
  private void syncOnce() {
    try {
      db.sync();
      faults.succeeded(Operation.SYNC);
    } catch (IOException | RuntimeException e) {
      faults.failed(Operation.SYNC, e);
    }
    lanes.forEach(ReplicaLane::wake);
    pruneLocal();
    try {
      db.checkpointIfNeeded();
      faults.succeeded(Operation.CHECKPOINT);
    } catch (IOException | SQLException | RuntimeException e) {
      faults.failed(Operation.CHECKPOINT, e);
    }
  }

  /**
   * Deletes the local L0 files that no replica needs any more. While a replica's position is
   * unknown (it fails) nothing goes: when it returns it resumes from the local files, without a
   * snapshot.
   */
  private void pruneLocal() {
    long prunable = -1;
    for (ReplicaLane lane : lanes) {
      long p = lane.prunable();
      if (p < 0) {
        return;
      }
      prunable = prunable < 0 || Long.compareUnsigned(p, prunable) < 0 ? p : prunable;
    }
    try {
      db.pruneLocal(prunable);
    } catch (IOException | RuntimeException e) {
      LOG.atWarn().log("pruning local L0 files up to {} failed: {}", prunable, e.toString());
    }
  }

  /**
   * A TXID whose state holds the commit at commit position {@code commit} (a value of {@link
   * Database#commits()} read after {@link Database#write} returned), without waiting for a sync:
   * the local file that holds it or a later one, which the syncs certainly write (a promise they
   * keep; the replicas then reach it like any other TXID). A read-your-writes token for every
   * write.
   */
  public long promiseTxid(long commit) {
    return db.promiseTxid(commit);
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
   * Waits until every replica (or, with {@link AckReplicas#ANY}, one) holds {@code txid} (from
   * {@link #localTxid}); the waiting thread blocks, so call it from a virtual thread. Waiters share
   * the normal sync cycle: a commit wakes the sync, and every write committed before it started
   * rides in the same upload.
   *
   * @throws TimeoutException when the replicas do not hold it within {@code timeout}
   */
  public void awaitReplicated(long txid, Duration timeout)
      throws TimeoutException, InterruptedException {
    waitingWrites.incrementAndGet();
    hurry.release();
    try {
      (ack == AckReplicas.ANY ? onAny : onAll).await(txid, timeout);
    } finally {
      waitingWrites.decrementAndGet();
    }
  }

  /**
   * A point-in-time view for gauges and readiness: healthy while every replica takes uploads; the
   * replica TXID, lag and last snapshot are those of the slowest replica.
   */
  public ReplicationStatus status() {
    boolean healthy =
        !faults.failing(Operation.SYNC) && lanes.stream().noneMatch(ReplicaLane::failing);
    long replicaTxid = -1;
    Instant lastSnapshot = Instant.MAX;
    for (ReplicaLane lane : lanes) {
      long known = lane.replica().knownTxid();
      replicaTxid =
          replicaTxid < 0 || Long.compareUnsigned(known, replicaTxid) < 0 ? known : replicaTxid;
      Instant at = lane.snapshotter().lastSnapshot();
      if (lastSnapshot != null && (at == null || at.isBefore(lastSnapshot))) {
        lastSnapshot = at; // the oldest; none while a replica has none
      }
    }
    return new ReplicationStatus(
        db.localTxid(), replicaTxid, lag.lag(), lastSnapshot, healthy, running);
  }

  /** Each replica's position and health, in the configured order. */
  public List<ReplicaState> replicas() {
    return lanes.stream()
        .map(l -> new ReplicaState(l.url(), l.replica().knownTxid(), !l.failing()))
        .toList();
  }

  /** Writes a level-9 snapshot to every replica now (operators, tests). */
  public void snapshotNow() throws IOException {
    for (ReplicaLane lane : lanes) {
      lane.snapshotter().snapshot();
    }
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
    ReplicaLane.join(syncThread, timeout);
    for (ReplicaLane lane : lanes) {
      lane.stop(
          Duration.ofMillis(Math.max(1, Duration.between(clock.instant(), deadline).toMillis())));
    }
    boolean flushed = false;
    Exception last = null;
    while (!flushed) {
      try {
        db.sync();
      } catch (IOException | RuntimeException e) {
        last = e;
      }
      flushed = true;
      for (ReplicaLane lane : lanes) {
        try {
          lane.uploadAll();
          flushed &= Long.compareUnsigned(lane.replica().position(), db.localTxid()) >= 0;
        } catch (IOException | RuntimeException e) {
          last = e;
          flushed = false;
        }
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
    long remote = status().replicaTxid();
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
    for (ReplicaLane lane : lanes) {
      long at = lane.replica().knownTxid();
      Events.emit(
          lane.events(),
          new ReplicationEvent.Stopped(
              lane.url(), db.localTxid(), at, Long.compareUnsigned(at, db.localTxid()) >= 0));
    }
    closeQuietly();
    return flushed;
  }

  /** Checkpoints for a clean restart (see CleanShutdown) and ships a file that produced, if any. */
  private boolean prepareShutdown() {
    long txid;
    try {
      txid = db.prepareShutdown();
    } catch (IOException | SQLException | RuntimeException e) {
      LOG.atWarn().setCause(e).log("final checkpoint before shutdown failed: {}", e.toString());
      txid = db.localTxid();
    }
    boolean shipped = true;
    for (ReplicaLane lane : lanes) {
      try {
        if (Long.compareUnsigned(lane.replica().position(), txid) < 0) {
          lane.uploadAll();
        }
        shipped &= Long.compareUnsigned(lane.replica().position(), txid) >= 0;
      } catch (IOException | RuntimeException e) {
        LOG.atWarn()
            .addKeyValue("replica", lane.url())
            .log("shipping the final checkpoint failed: {}", e.toString());
        shipped = false;
      }
    }
    return shipped;
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
}
