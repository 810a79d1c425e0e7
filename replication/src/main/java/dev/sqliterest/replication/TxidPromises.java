package dev.sqliterest.replication;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Names the local TXID that will hold a commit without waiting for the sync that writes it: a
 * promise the sync keeps. For a commit not yet known to be in a local file, the promise is the
 * first file whose WAL scan begins after the call ({@link #promise}): the file after the one being
 * built, or the next one when none is. That file must then hold the whole WAL up to its end, so the
 * sync neither splits it nor skips it when the WAL holds nothing new (the commit was in an earlier
 * file, and an empty file keeps the promise). A promise stays owed across failed attempts until its
 * file is written.
 *
 * <p>The lock is held only for these decisions, never while a file is built, so a write never waits
 * for a sync.
 */
final class TxidPromises {

  private final ReentrantLock lock = new ReentrantLock();

  /** The highest TXID promised so far. */
  private long promised;

  /** The TXID of the file being built (its WAL scan may have begun), or 0 when none is. */
  private long building;

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
      known = committed.valueAt(commit); // a sync may have ended since
      if (known > 0) {
        return known;
      }
      long txid = (building != 0 ? building : localTxid.getAsLong()) + 1;
      promised = Math.max(promised, txid);
      return txid;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A file at {@code txid} is about to be built (before its WAL scan): returns whether it is owed,
   * i.e. must hold the WAL to its end and be written even when nothing is new.
   */
  boolean beginFile(long txid) {
    lock.lock();
    try {
      building = txid;
      return promised >= txid;
    } finally {
      lock.unlock();
    }
  }

  /** The file begun last was written, or its attempt failed (call after the local TXID moved). */
  void endFile() {
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
