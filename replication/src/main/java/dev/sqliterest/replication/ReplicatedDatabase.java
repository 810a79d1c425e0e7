package dev.sqliterest.replication;

import dev.sqliterest.ltx.LtxDecoder;
import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.replication.wal.WalFormatException;
import dev.sqliterest.replication.wal.WalHeader;
import dev.sqliterest.replication.wal.WalReader;
import dev.sqliterest.replication.wal.WalScan;
import dev.sqliterest.sqlite.CheckpointMode;
import dev.sqliterest.sqlite.CheckpointResult;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.ReadFence;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Litestream's DB: follows one database's WAL, writes each sync as a local L0 file (TXID + 1), owns
 * checkpointing, and builds full snapshots of the state at the local TXID.
 *
 * <p>Safety argument: a {@link ReadFence} is held at every moment, so no other connection can
 * backfill or restart past frames not yet shipped; the engine's own checkpoints run on the writer
 * thread right after a sync to the WAL's end, so no application commit can slip in between, and
 * hand the fence over to a second one while they run ({@link #checkpointStep}); and {@link
 * SyncPlan} answers every change it cannot explain with a full-image L0 file. The fence does not
 * protect frames that were already backfilled when it began (it then reads the database file alone,
 * and a writer may restart the WAL over those frames), so every file built from WAL frames is
 * checked against a restart before it is kept ({@link WalRestartedException}). All methods are
 * serialised by one lock, except the long part of a snapshot: it captures the position under the
 * lock, then reads the pages holding only {@code walStable}, which keeps the engine's own
 * checkpoints (the only ones that could backfill what it reads) out, so syncs go on while a large
 * database is being copied.
 */
final class ReplicatedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicatedDatabase.class);

  private final Database db;
  private final MetaDir meta;
  private final ReplicationOptions options;
  private final InstantSource clock;
  private final ReplicationListener listener;
  private final LagClock lag;
  private final ReentrantLock lock = new ReentrantLock();

  /**
   * Shared by a snapshot while it reads, exclusive for a checkpoint: the WAL frames and database
   * pages of the snapshot's position stay as they are. Taken before {@link #lock}.
   */
  private final ReentrantReadWriteLock walStable = new ReentrantReadWriteLock();

  private ReadFence fence;

  /** Held only while {@link #fence} is released for a checkpoint (see {@link #checkpointStep}). */
  private ReadFence handoff;

  private LocalPosition pos;
  private volatile long localTxid;
  private boolean forceFull;
  private SyncPlan.OwnRestart ownRestart;

  /** Runs between a checkpoint and the fence's return; tests race other processes in there. */
  private Runnable whileFenceReleased = () -> {};

  /** The database file is the state at {@code pos} (clean shutdown): a new WAL continues it. */
  private boolean resumeFromDbFile;

  private final CheckpointSchedule checkpoints;

  /** Commit position ({@link Database#commits()}) → the local TXID whose file holds it. */
  private final Watermark committed = new Watermark();

  /** TXIDs named to writes before their file exists; the files they name are owed. */
  private final TxidPromises promises = new TxidPromises();

  ReplicatedDatabase(
      Database db,
      ReplicationOptions options,
      InstantSource clock,
      ReplicationListener listener,
      LagClock lag) {
    this.db = db;
    this.meta = new MetaDir(options.metaDirFor(db.path()));
    this.options = options;
    this.clock = clock;
    this.listener = listener;
    this.lag = lag;
    this.checkpoints = new CheckpointSchedule(options, clock);
  }

  /**
   * Opens the meta directory, makes sure the WAL has a header, holds the fence, loads the position.
   */
  void open() throws IOException, SQLException {
    lock.lock();
    try {
      meta.open();
      fence = db.openReadFence();
      handoff = db.openReadFence();
      pos = loadPosition();
      localTxid = pos == null ? 0 : pos.txid();
      Optional<CleanShutdown> marker = CleanShutdown.take(meta.root());
      boolean walEmpty = WalReader.readHeader(db.files().wal()).isEmpty();
      // An unchanged database file proves no checkpoint ran since the marker, so every change
      // since is in the current WAL generation (a restart needs a checkpoint first).
      resumeFromDbFile =
          marker.isPresent()
              && pos != null
              && marker.get().txid() == pos.txid()
              && marker.get().matches(db.files().database());
      if (walEmpty) {
        // Rewriting user_version writes page 1 unchanged: it creates the WAL header (salts) that
        // every position refers to, without touching the schema or data.
        db.withWriter(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                rs.next();
                int v = rs.getInt(1);
                st.execute("PRAGMA user_version = " + v);
              }
              return null;
            });
      }
      fence.hold();
    } finally {
      lock.unlock();
    }
  }

  /** Test seam: {@code step} runs right after each checkpoint, while the fence is released. */
  void whileFenceReleased(Runnable step) {
    this.whileFenceReleased = step;
  }

  MetaDir meta() {
    return meta;
  }

  /** The newest local TXID (lock-free: status and metrics must not wait for a snapshot). */
  long localTxid() {
    return localTxid;
  }

  /**
   * Continues the TXID sequence after {@code txid} (the replica is ahead of the local files, or a
   * gap must be bridged): the next sync writes a full image at {@code txid + 1}.
   */
  void continueAfter(long txid) {
    lock.lock();
    try {
      if (promises.owedAfter(localTxid)) {
        // the promised TXID would name a file of the replica's history, not one holding the write
        throw new IllegalStateException("cannot skip TXIDs after one was promised to a write");
      }
      pos = LocalPosition.txidOnly(txid);
      localTxid = txid;
      forceFull = true;
    } finally {
      lock.unlock();
    }
  }

  /** Makes the next sync write every page (after a foreign change was suspected). */
  void requireFullSync() {
    lock.lock();
    try {
      forceFull = true;
    } finally {
      lock.unlock();
    }
  }

  /** Syncs every committed WAL frame into local L0 files; returns how many files were written. */
  int sync() throws IOException {
    lock.lock();
    try {
      return syncLocked();
    } finally {
      lock.unlock();
    }
  }

  private int syncLocked() throws IOException {
    int files = 0;
    // Read before the WAL: every commit counted so far is already in it, so once this sync reached
    // the WAL's end, each of them is in a local file up to the local TXID. A commit racing with the
    // read may land in this sync's file or the next one; the next sync's mark covers it.
    long commitsBefore = db.commits();
    long pendingSince = lag.beginSync();
    try {
      SyncResult result;
      do {
        result = WalRestartedException.retrying(this::syncOnce);
        if (result != SyncResult.NONE) {
          files++;
          lag.synced(pos.txid(), pendingSince);
          pendingSince = 0;
        }
      } while (result == SyncResult.MORE);
    } finally {
      lag.endSync(pendingSince, pos == null ? 0 : pos.txid());
    }
    if (pos != null) {
      committed.advance(commitsBefore, localTxid);
    }
    return files;
  }

  /**
   * The local TXID whose L0 file holds commit {@code commit} (a {@link Database#commits()} value),
   * or a newer local TXID when later commits shared the sync; waits for the sync that covers it.
   */
  long txidOfCommit(long commit, Duration timeout) throws TimeoutException, InterruptedException {
    return committed.await(commit, timeout);
  }

  private enum SyncResult {
    NONE,
    DONE,
    MORE
  }

  /**
   * A TXID whose state holds commit {@code commit} ({@link Database#commits()} read after it), at
   * or after the local file that holds it, without waiting: known, or promised (see {@link
   * TxidPromises}), and in either case written by the syncs.
   */
  long promiseTxid(long commit) {
    return promises.promise(commit, committed, () -> localTxid);
  }

  /**
   * Writes the next file, announced to {@link #promises} before the WAL is read: a file that may
   * hold a promised commit reads the WAL to its end (no split), and a promised file is written even
   * when the WAL holds nothing new.
   */
  private SyncResult syncOnce() throws IOException {
    long txid = localTxid + 1;
    WalReader opened;
    try {
      opened = WalReader.over(db.files().wal());
    } catch (NoSuchFileException | WalFormatException e) {
      // No WAL content (e.g. right after a TRUNCATE checkpoint): the database file holds every
      // commit. Nothing is new, unless a full image is owed, which then comes from it alone.
      promises.beginFile(txid, db::commits, () -> true);
      return announced(
          () -> {
            if (WalReader.readHeader(db.files().wal()).isPresent()) {
              // a write began a new WAL before this file began: it may hold a commit owed to it
              throw WalRestartedException.of(db.path());
            }
            int pageSize = DatabasePages.pageSizeOf(db.files().database());
            if (pos != null && !forceFull && pos.hasWalRange()) {
              return promises.abandonUnlessOwed() ? SyncResult.NONE : writeEmptyL0(pageSize);
            }
            writeL0(
                null, WalHeader.SIZE, 0, 0, 0, java.util.Map.of(), -1, true, pageSize, "no wal");
            return SyncResult.DONE;
          });
    }
    try (WalReader wal = opened) {
      SyncPlan plan = SyncPlan.decide(pos, forceFull, ownRestart, resumeFromDbFile, wal);
      long max = options.maxSyncWalBytes();
      boolean unsplit =
          promises.beginFile(
              txid,
              db::commits,
              () -> plan.full() || max == 0 || wal.size() - plan.offset() <= max);
      return announced(() -> syncFrom(wal, plan, unsplit ? Long.MAX_VALUE : max));
    }
  }

  /** Runs {@code build} for the file begun and tells {@link #promises} whether it was written. */
  private SyncResult announced(WalRestartedException.IoWork<SyncResult> build) throws IOException {
    boolean written = false;
    try {
      SyncResult result = build.run();
      written = result != SyncResult.NONE;
      return result;
    } finally {
      if (written) {
        promises.written(committed);
      } else {
        promises.ended();
      }
    }
  }

  private SyncResult syncFrom(WalReader wal, SyncPlan plan, long limit) throws IOException {
    WalScan scan = wal.scan(plan.offset(), plan.seed(), limit);
    WalHeader header = wal.header();
    if (!plan.full() && scan.isEmpty()) {
      if (!wal.sameGeneration()) {
        throw WalRestartedException.of(db.path()); // the new generation may hold what is owed
      }
      return promises.abandonUnlessOwed() ? SyncResult.NONE : writeEmptyL0(header.pageSize());
    }
    writeL0(
        wal,
        plan.offset(),
        scan.committedBytes(),
        header.salt1(),
        header.salt2(),
        scan.pages(),
        scan.isEmpty() ? -1 : scan.commit(),
        plan.full(),
        header.pageSize(),
        plan.reason());
    return scan.limitReached() ? SyncResult.MORE : SyncResult.DONE;
  }

  /** Writes the next L0 file; {@code commit} -1 means "the database file's size". */
  private void writeL0(
      WalReader wal,
      long walOffset,
      long walBytes,
      int salt1,
      int salt2,
      java.util.Map<Integer, Long> walPages,
      int commitOrMinus1,
      boolean full,
      int pageSize,
      String reason)
      throws IOException {
    long txid = pos == null ? 1 : pos.txid() + 1;
    if (full && pos != null) {
      LOG.atWarn()
          .addKeyValue("db", db.path())
          .addKeyValue("txid", txid)
          .log("writing a full-image L0 file: {}", reason);
    }
    DatabasePages pages = new DatabasePages(db.files().database(), pageSize, wal, walPages);
    int commit = commitOrMinus1 < 0 ? (int) pages.filePages() : commitOrMinus1;
    TreeSet<Integer> pgnos = new TreeSet<>();
    if (full) {
      for (int p = 1; p <= commit; p++) {
        pgnos.add(p);
      }
    } else {
      pgnos.addAll(walPages.keySet());
      for (int p = pos.commit() + 1; p <= commit; p++) {
        pgnos.add(p); // growth pages: a restore needs every page up to the new size
      }
    }
    pgnos.remove(LtxHeader.lockPgno(pageSize));
    pgnos.removeIf(p -> p > commit);
    LtxHeader ltx =
        LtxHeader.of(pageSize, commit, txid, txid, clock.millis())
            .withWal(walOffset, walBytes, salt1, salt2);
    byte[] page = new byte[pageSize];
    meta.writeL0(
        txid,
        out -> {
          LtxEncoder encoder = LtxEncoder.create(out, ltx);
          for (int pgno : pgnos) {
            pages.read(pgno, page);
            encoder.encodePage(pgno, page);
          }
          pages.requireWalUnchanged();
          encoder.finish();
        });
    pos = LocalPosition.of(ltx);
    localTxid = txid;
    forceFull = false;
    resumeFromDbFile = false;
    checkpoints.synced();
    Events.emit(listener, new ReplicationEvent.Synced(txid, pgnos.size(), walBytes, full));
  }

  /**
   * Writes the next file with no pages, continuing the position's WAL range: the WAL held nothing
   * new, so a commit promised this TXID is in an earlier file and the promise holds.
   */
  private SyncResult writeEmptyL0(int pageSize) throws IOException {
    long txid = pos.txid() + 1;
    LtxHeader ltx =
        LtxHeader.of(pageSize, pos.commit(), txid, txid, clock.millis())
            .withWal(pos.end(), 0, pos.salt1(), pos.salt2());
    meta.writeL0(txid, out -> LtxEncoder.create(out, ltx).finish());
    pos = LocalPosition.of(ltx);
    localTxid = txid;
    Events.emit(listener, new ReplicationEvent.Synced(txid, 0, 0, false));
    return SyncResult.DONE;
  }

  /**
   * Checkpoints when the synced WAL is large enough or old enough (PASSIVE at {@code
   * minCheckpointPages} frames or after {@code checkpointInterval}, TRUNCATE at {@code
   * truncatePages}); returns the result, or empty when no checkpoint was due.
   */
  Optional<CheckpointResult> checkpointIfNeeded() throws IOException, SQLException {
    if (!walStable.writeLock().tryLock()) {
      return Optional.empty(); // a snapshot is reading; the next sync tries again
    }
    lock.lock();
    try {
      Optional<CheckpointMode> mode = checkpoints.due(pos, WalReader.readHeader(db.files().wal()));
      if (mode.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(db.withWriter(c -> checkpointOnWriter(c, mode.get())));
    } finally {
      lock.unlock();
      walStable.writeLock().unlock();
    }
  }

  /** Forces a checkpoint in {@code mode} now (after syncing everything). */
  CheckpointResult checkpoint(CheckpointMode mode) throws SQLException {
    walStable.writeLock().lock();
    lock.lock();
    try {
      return db.withWriter(c -> checkpointOnWriter(c, mode));
    } finally {
      lock.unlock();
      walStable.writeLock().unlock();
    }
  }

  /**
   * Runs on the writer thread (no application commit can interleave) while the caller holds the
   * lock. FULL, RESTART and TRUNCATE succeed only when no reader uses the WAL, which the handoff
   * fence does unless everything was backfilled before it began: a PASSIVE step goes first.
   */
  private CheckpointResult checkpointOnWriter(java.sql.Connection writer, CheckpointMode mode)
      throws SQLException {
    if (mode != CheckpointMode.PASSIVE) {
      CheckpointResult passive = checkpointStep(writer, CheckpointMode.PASSIVE);
      if (passive.busy() || passive.checkpointedFrames() != passive.logFrames()) {
        return passive; // not everything backfilled: the stronger mode would not get further
      }
    }
    return checkpointStep(writer, mode);
  }

  /**
   * One checkpoint under the fence handoff. The fence must be released for the checkpoint to
   * backfill what it protects, but a moment without any fence would let another process commit,
   * backfill and restart the WAL over frames never shipped (the checkpoint itself counts only the
   * frames it saw when it began). So the handoff fence begins first, a sync then ships every frame
   * up to its snapshot, and only then the fence is released; it is held again before the handoff
   * ends. At every moment one of them stops other processes from backfilling past shipped frames
   * or, on read-lock 0, from backfilling at all: a restart can only follow frames already shipped.
   */
  private CheckpointResult checkpointStep(java.sql.Connection writer, CheckpointMode mode)
      throws SQLException {
    ownRestart = null; // what the fence proved no longer holds once it is released
    try {
      handoff.hold();
      try {
        syncLocked();
        Optional<WalHeader> header = WalReader.readHeader(db.files().wal());
        long shipped = -1;
        if (header.isPresent() && pos != null && walHolds(pos)) {
          shipped = (pos.end() - WalHeader.SIZE) / header.get().frameSize();
        }
        CheckpointResult result;
        try {
          fence.release();
          // TRUNCATE waits for no reader: the handoff is one whenever it is not on read-lock 0
          result =
              mode == CheckpointMode.PASSIVE
                  ? ReadFence.checkpoint(writer, mode)
                  : ReadFence.checkpointWithoutWaiting(writer, mode);
          whileFenceReleased.run();
        } finally {
          fence.hold();
        }
        // TRUNCATE reports (0, 0) once it emptied the WAL; PASSIVE reports what it backfilled.
        boolean complete =
            mode == CheckpointMode.TRUNCATE
                ? !result.busy()
                : !result.busy()
                    && result.logFrames() == shipped
                    && result.checkpointedFrames() == shipped;
        // Complete means the generation ended at what was shipped: under the handoff fence nobody
        // else could backfill past it (and a checkpoint that found more was not complete).
        if (complete && shipped >= 0) {
          ownRestart = new SyncPlan.OwnRestart(header.get(), pos.end());
        }
        checkpoints.checkpointed(complete);
        Events.emit(
            listener,
            new ReplicationEvent.Checkpointed(
                mode.name(), result.logFrames(), result.checkpointedFrames(), result.busy()));
        return result;
      } finally {
        handoff.release();
      }
    } catch (IOException e) {
      throw new SQLException("sync before checkpoint of " + db.path() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Syncs, then writes a full image of the database at the local TXID (MinTXID 1, a level-9
   * snapshot) to {@code out}; returns its header. Checkpoints wait while it runs.
   *
   * @throws WalRestartedException when the WAL restarted while it was read: discard what was
   *     written to {@code out} and call again
   */
  LtxHeader writeSnapshot(OutputStream out) throws IOException {
    walStable.readLock().lock();
    try {
      LocalPosition at;
      boolean walCurrent;
      boolean backfilled;
      lock.lock();
      try {
        syncLocked();
        if (pos == null) {
          throw new IllegalStateException(
              "cannot snapshot " + db.path() + " before the first sync");
        }
        at = pos;
        walCurrent = walHolds(at);
        // our own complete checkpoint put this whole WAL generation into the database file
        backfilled =
            ownRestart != null
                && ownRestart.end() == at.end()
                && ownRestart.header().salt1() == at.salt1()
                && ownRestart.header().salt2() == at.salt2();
      } finally {
        lock.unlock(); // syncs go on; only checkpoints wait for walStable
      }
      if (!walCurrent || backfilled) {
        return writeSnapshotFrom(at, null, null, out);
      }
      WalReader opened;
      try {
        opened = WalReader.over(db.files().wal());
      } catch (NoSuchFileException | WalFormatException e) {
        throw WalRestartedException.of(db.path()); // truncated since the position was taken
      }
      try (WalReader wal = opened) {
        if (wal.header().salt1() != at.salt1() || wal.header().salt2() != at.salt2()) {
          throw WalRestartedException.of(db.path()); // restarted since the position was taken
        }
        long limit = at.end() - WalHeader.SIZE;
        WalScan scan = limit == 0 ? null : wal.scan(WalHeader.SIZE, wal.header().checksum(), limit);
        return writeSnapshotFrom(at, wal, scan, out);
      }
    } finally {
      walStable.readLock().unlock();
    }
  }

  /** True when the current WAL is the generation {@code at} refers to. */
  private boolean walHolds(LocalPosition at) throws IOException {
    Optional<WalHeader> header = WalReader.readHeader(db.files().wal());
    return header.isPresent()
        && at.hasWalRange()
        && header.get().salt1() == at.salt1()
        && header.get().salt2() == at.salt2();
  }

  private LtxHeader writeSnapshotFrom(
      LocalPosition at, WalReader wal, WalScan scan, OutputStream out) throws IOException {
    int pageSize =
        wal != null ? wal.header().pageSize() : DatabasePages.pageSizeOf(db.files().database());
    java.util.Map<Integer, Long> walPages = scan == null ? java.util.Map.of() : scan.pages();
    LtxHeader ltx = LtxHeader.of(pageSize, at.commit(), 1, at.txid(), clock.millis());
    if (wal != null) {
      long walOffset =
          scan == null || scan.isEmpty()
              ? WalHeader.SIZE
              : scan.endOffset() - wal.header().frameSize();
      long walSize = scan == null || scan.isEmpty() ? 0 : wal.header().frameSize();
      ltx = ltx.withWal(walOffset, walSize, wal.header().salt1(), wal.header().salt2());
    } else {
      ltx = ltx.withWal(WalHeader.SIZE, 0, 0, 0);
    }
    DatabasePages pages = new DatabasePages(db.files().database(), pageSize, wal, walPages);
    LtxEncoder encoder = LtxEncoder.create(out, ltx);
    byte[] page = new byte[pageSize];
    int lockPgno = ltx.lockPgno();
    for (int pgno = 1; pgno <= at.commit(); pgno++) {
      if (pgno != lockPgno) {
        pages.read(pgno, page);
        encoder.encodePage(pgno, page);
      }
    }
    pages.requireWalUnchanged();
    encoder.finish();
    return ltx;
  }

  /**
   * Prepares a clean shutdown: syncs, checkpoints with TRUNCATE (the database file then holds the
   * state at the local TXID and the WAL is empty) and records {@link CleanShutdown}, so the next
   * start continues incrementally. Returns the TXID the marker names; call only after the replica
   * has everything, and ship any file written here (the returned TXID says if one was).
   */
  long prepareShutdown() throws IOException, SQLException {
    walStable.writeLock().lock();
    lock.lock();
    try {
      CheckpointResult result = db.withWriter(c -> checkpointOnWriter(c, CheckpointMode.TRUNCATE));
      long size = Files.exists(db.walPath()) ? db.files().wal().size() : 0;
      if (pos != null && !result.busy() && size == 0) {
        CleanShutdown.of(pos.txid(), db.files().database()).write(meta.root());
      }
      return localTxid;
    } finally {
      lock.unlock();
      walStable.writeLock().unlock();
    }
  }

  /** Deletes local L0 files up to {@code txid}, always keeping the newest (the position). */
  void pruneLocal(long txid) throws IOException {
    lock.lock();
    try {
      long keep = pos == null ? 0 : pos.txid();
      for (long t : meta.l0Txids()) {
        if (t <= txid && t != keep) {
          meta.deleteL0(t);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private LocalPosition loadPosition() throws IOException {
    Optional<Long> newest = meta.newestL0();
    while (newest.isPresent()) {
      long txid = newest.get();
      try (InputStream in = Files.newInputStream(meta.l0Path(txid))) {
        LtxHeader header = LtxDecoder.verify(in).header();
        if (header.minTxid() != txid || header.maxTxid() != txid) {
          throw new IOException("header txids do not match the file name");
        }
        return LocalPosition.of(header);
      } catch (IOException | UncheckedIOException e) {
        LOG.atWarn()
            .addKeyValue("file", meta.l0Path(txid))
            .setCause(e)
            .log("discarding unreadable local L0 file {}: {}", meta.l0Path(txid), e.getMessage());
        meta.deleteL0(txid);
        forceFull = true;
        newest = meta.newestL0();
      }
    }
    return null;
  }

  @Override
  public void close() throws SQLException {
    lock.lock();
    try {
      try {
        if (handoff != null) {
          handoff.close();
          handoff = null;
        }
      } finally {
        if (fence != null) {
          fence.close();
          fence = null;
        }
      }
    } finally {
      lock.unlock();
    }
  }
}
