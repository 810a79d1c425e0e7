package dev.sqliterest.replication;

import static dev.sqliterest.ltx.LtxFileName.formatTxid;

import dev.sqliterest.replication.ReplicationEvent.Operation;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.follow.BatchFetcher;
import dev.sqliterest.replication.follow.FollowPlanner;
import dev.sqliterest.replication.follow.FollowStep;
import dev.sqliterest.replication.follow.FollowerDir;
import dev.sqliterest.replication.follow.PageApplier;
import dev.sqliterest.replication.restore.ReplicaListing;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read replica fed by a replica URL: keeps a local database at the replica's newest TXID by
 * polling level 0 every interval and applying new files (docs/REPLICATION.md, "Scaling reads"). The
 * database is opened at start (empty until the first restore) as a follower's ({@link
 * Database#openFollower}); one platform thread polls, fetches a verified batch ({@link
 * BatchFetcher}) and applies it under the database's update lock ({@link PageApplier}), so readers
 * see each batch whole. {@link FollowPlanner} decides each step: continue from level 0, from the
 * compacted levels when retention removed level-0 files, or restore from the newest snapshot.
 *
 * <p>A graceful stop records the file applied last ({@link FollowerDir}); the next start continues
 * from it. Without that record (a crash) the database is rebuilt from the replica, since a crash
 * during an apply leaves a file no one can vouch for.
 */
public final class Follower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Follower.class);
  private static final Duration RETRY_CAP = Duration.ofSeconds(30);

  private final Database database;
  private final ReplicaClient client;
  private final FollowOptions options;
  private final ReplicationListener listener;
  private final InstantSource clock;
  private final FollowerDir dir;
  private final BatchFetcher fetcher;
  private final Faults faults;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Instant startedAt;

  private volatile LtxFileInfo last;
  private volatile long replicaTxid;
  private volatile Instant completeAsOf;
  private volatile boolean ready;
  private volatile boolean closed;
  private String waitingFor = "";

  private Follower(
      Database database,
      ReplicaClient client,
      FollowOptions options,
      ReplicationListener listener,
      InstantSource clock,
      FollowerDir dir,
      LtxFileInfo last) {
    this.database = database;
    this.client = client;
    this.options = options;
    this.listener = listener;
    this.clock = clock;
    this.dir = dir;
    this.last = last;
    this.fetcher = new BatchFetcher(client, dir.incoming());
    this.faults = new Faults(options.interval(), RETRY_CAP, clock, listener, client.url());
    this.startedAt = clock.instant();
    this.thread = Thread.ofPlatform().name("follower").daemon(true).unstarted(this::loop);
  }

  /**
   * Opens {@code databaseOptions}' file as a follower of {@code client} and starts following. The
   * database is kept from a graceful stop that followed the same replica, and otherwise emptied and
   * restored by the follower thread.
   *
   * @throws IOException when the file exists but is not a follower's (never taken over), or the
   *     follower's directory cannot be written
   * @throws SQLException when the database cannot be opened
   */
  public static Follower start(
      DatabaseOptions databaseOptions,
      ReplicaClient client,
      FollowOptions options,
      ReplicationListener listener,
      InstantSource clock)
      throws IOException, SQLException {
    Path db = databaseOptions.path().toAbsolutePath();
    FollowerDir dir = new FollowerDir(db);
    boolean hasData = Files.exists(db) && Files.size(db) > 0;
    if (hasData && !dir.exists()) {
      throw new IOException(
          "database "
              + db
              + " exists and is not a follower's (no "
              + dir.path().getFileName()
              + " beside it); a follower never replaces a database it did not create: point"
              + " --db-dsn at a new file");
    }
    LtxFileInfo last = hasData ? dir.stoppedAt(client.url()).orElse(null) : null;
    dir.prepare();
    dir.forgetStop(); // from here on a crash means "restore"
    if (last == null) {
      startEmpty(db);
    }
    Database database = Database.openFollower(databaseOptions);
    Follower follower = new Follower(database, client, options, listener, clock, dir, last);
    LOG.atInfo()
        .addKeyValue("db", db.toString())
        .addKeyValue("replica", client.url())
        .addKeyValue("txid", last == null ? "none" : formatTxid(last.maxTxid()))
        .log(
            last == null
                ? "follower started: restoring from the replica"
                : "follower started: continuing from its last graceful stop");
    follower.thread.start();
    return follower;
  }

  /** An empty file without SQLite's side files: a stale journal would be rolled into it. */
  private static void startEmpty(Path db) throws IOException {
    for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
      Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
    }
    Files.createFile(db);
  }

  /** The follower's database (for the API: reads only). */
  public Database database() {
    return database;
  }

  /** The TXID the local database is at; 0 before the first restore. */
  public long txid() {
    LtxFileInfo l = last;
    return l == null ? 0 : l.maxTxid();
  }

  /** True once the follower has caught up with the replica since it started. */
  public boolean ready() {
    return ready;
  }

  /**
   * Waits until the database is at {@code txid} or later and the follower is ready; false when
   * {@code timeout} passes first.
   */
  public boolean awaitTxid(long txid, Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (!ready || Long.compareUnsigned(txid(), txid) < 0) {
        if (nanos <= 0 || closed) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  public FollowStatus status() {
    Instant since = completeAsOf == null ? startedAt : completeAsOf;
    Duration lag = Duration.between(since, clock.instant());
    return new FollowStatus(
        txid(),
        replicaTxid,
        lag.isNegative() ? Duration.ZERO : lag,
        ready,
        !faults.failing(Operation.FOLLOW));
  }

  private void loop() {
    while (!closed) {
      Instant started = clock.instant();
      boolean again;
      try {
        again = step(started);
        faults.succeeded(Operation.FOLLOW);
      } catch (IOException | SQLException | RuntimeException e) {
        pause(faults.failed(Operation.FOLLOW, e));
        continue;
      }
      if (!again) {
        pause(Duration.between(clock.instant(), started.plus(options.interval())));
      }
    }
  }

  /** One poll and what it calls for; true when another step should follow at once. */
  private boolean step(Instant started) throws IOException, SQLException {
    LtxFileInfo at = last;
    FollowStep step =
        at == null
            ? FollowPlanner.afterListing(null, ReplicaListing.read(client, false), true)
            : FollowPlanner.afterPoll(at, client.ltxFiles(0, at.maxTxid(), false));
    if (step instanceof FollowStep.ListAll all) {
      LOG.atDebug().log("follower lists every level: {}", all.why());
      step = FollowPlanner.afterListing(at, ReplicaListing.read(client, false), all.restore());
    }
    switch (step) {
      case FollowStep.Current c -> {
        replicaTxid = c.replicaTxid();
        caughtUp(started);
        return false;
      }
      case FollowStep.Wait w -> {
        if (!w.why().equals(waitingFor)) {
          LOG.atInfo().addKeyValue("replica", client.url()).log("follower waits: {}", w.why());
          waitingFor = w.why();
        }
        return false;
      }
      case FollowStep.Apply a -> {
        replicaTxid = a.replicaTxid();
        apply(a);
        if (a.txid() == a.replicaTxid()) {
          caughtUp(started);
          return false;
        }
        return true;
      }
      case FollowStep.ListAll all -> throw new IllegalStateException("listed twice: " + all);
    }
  }

  private void apply(FollowStep.Apply a) throws IOException, SQLException {
    long start = System.nanoTime();
    BatchFetcher.Batch batch = fetcher.fetch(a.files());
    try {
      database.updatePages(file -> PageApplier.apply(batch.file(), file));
    } catch (IOException | SQLException | RuntimeException e) {
      if (a.restore()) {
        last = null; // half rebuilt: only another restore repairs it (a retried delta would)
      }
      throw e;
    } finally {
      Files.deleteIfExists(batch.file());
    }
    lock.lock();
    try {
      last = a.files().getLast();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    var line =
        (a.restore() ? LOG.atInfo() : LOG.atDebug())
            .addKeyValue("txid", formatTxid(a.txid()))
            .addKeyValue("files", a.files().size())
            .addKeyValue("bytes", batch.downloadedBytes())
            .addKeyValue("duration_ms", (System.nanoTime() - start) / 1_000_000);
    line.log(a.restore() ? "follower restored the database: {}" : "follower applied: {}", a.why());
    Events.emit(
        listener,
        new ReplicationEvent.Followed(
            a.txid(), a.files().size(), batch.downloadedBytes(), a.restore()));
  }

  private void caughtUp(Instant asOf) {
    completeAsOf = asOf;
    if (!ready) {
      lock.lock();
      try {
        ready = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      LOG.atInfo()
          .addKeyValue("txid", formatTxid(txid()))
          .addKeyValue("replica", client.url())
          .log("follower caught up with the replica");
    }
  }

  /** Sleeps up to {@code d}, or less when closed. */
  private void pause(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return;
    }
    lock.lock();
    try {
      if (!closed) {
        changed.await(d.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops following (a step in progress finishes), closes the database and records the file applied
   * last, so the next start continues from it. Idempotent.
   */
  @Override
  public void close() throws IOException, SQLException {
    if (closed && !thread.isAlive()) {
      return;
    }
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LtxFileInfo at = last;
    try {
      if (at != null) {
        database.force();
      }
    } finally {
      database.close();
    }
    if (at != null) {
      dir.recordStop(client.url(), at);
    }
    LOG.atInfo()
        .addKeyValue("txid", at == null ? "none" : formatTxid(at.maxTxid()))
        .log("follower stopped");
  }
}
