package dev.sqliterest.replication;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Names the local TXID that will hold a commit without waiting for the sync that writes it: a
 * promise the sync keeps. A commit already known to be in a local file gets that file's TXID
 * ({@code committed}). Otherwise, while a file is being built that certainly takes the commit (it
 * began after the commit and reads the WAL to its end), that file; else the first file whose WAL
 * read begins after the call: the one after the file being built, or the next one. A promised file
 * is owed: it reads the WAL to its end in one file (no split) and is written even when the WAL
 * holds nothing new (the commit went into an earlier file; an empty file keeps the TXID). A failed
 * attempt leaves it owed until it is written.
 *
 * <p>The lock is held only for these decisions (and a WAL size read), never while a file is built,
 * so a write never waits for a sync.
 */
final class TxidPromises {

  /** Whether the WAL as it is now fits in one file. */
  @FunctionalInterface
  interface Fits {
    boolean now() throws IOException;
  }

  private final ReentrantLock lock = new ReentrantLock();

  /** The highest TXID promised so far. */
  private long promised;

  /** The TXID of the file being built, or 0 when none is. */
  private long building;

  /** Every commit up to this one is in the file being built, if it is written; -1 when unknown. */
  private long buildingHolds = -1;

  /**
   * A TXID whose state holds commit {@code commit} (a value of {@code Database.commits()} read
   * after it): the one {@code committed} already maps it to, or a promised one.
   *
   * @param localTxid the newest local TXID, read under the lock: it moves only while a file is
   *     built
   */
  long promise(long commit, Watermark committed, LongSupplier localTxid) {
    long known = committed.valueAt(commit);
    if (known > 0) {
      return known;
    }
    lock.lock();
    try {
      known = committed.valueAt(commit); // a file may have been written since
      if (known > 0) {
        return known;
      }
      long txid;
      if (building == 0) {
        txid = localTxid.getAsLong() + 1;
      } else if (Long.compareUnsigned(commit, buildingHolds) <= 0 && buildingHolds >= 0) {
        txid = building;
      } else {
        txid = building + 1;
      }
      promised = Math.max(promised, txid);
      return txid;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A file at {@code txid} begins, before its WAL read; returns whether it must read the WAL to its
   * end (promised, or {@code fits}). {@code commits} is read before {@code fits}, so an unsplit
   * file holds every commit counted.
   */
  boolean beginFile(long txid, LongSupplier commits, Fits fits) throws IOException {
    lock.lock();
    try {
      long counted = commits.getAsLong();
      boolean unsplit = promised >= txid || fits.now();
      building = txid;
      buildingHolds = unsplit ? counted : -1;
      return unsplit;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The WAL held nothing new for the file begun: ends it unless a promise made since owes it (then
   * the caller writes it empty and calls {@link #written}).
   */
  boolean abandonUnlessOwed() {
    lock.lock();
    try {
      if (promised >= building) {
        return false;
      }
      building = 0;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The file begun was written (call after the local TXID moved): {@code committed} learns the
   * commits it holds before a promise could name the next TXID for them.
   */
  void written(Watermark committed) {
    lock.lock();
    try {
      if (buildingHolds >= 0) {
        committed.advance(buildingHolds, building);
      }
      building = 0;
    } finally {
      lock.unlock();
    }
  }

  /** The file begun was not written (nothing new, or its attempt failed). */
  void ended() {
    lock.lock();
    try {
      building = 0;
    } finally {
      lock.unlock();
    }
  }

  /** Whether a promised TXID is after {@code localTxid} (not yet written). */
  boolean owedAfter(long localTxid) {
    lock.lock();
    try {
      return promised > localTxid;
    } finally {
      lock.unlock();
    }
  }
}
