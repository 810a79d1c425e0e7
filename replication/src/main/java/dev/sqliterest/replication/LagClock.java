package dev.sqliterest.replication;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Measures replication lag: the age of the oldest committed change not yet on the replica.
 *
 * <p>A commit stamps "pending since" (if nothing was pending). A sync takes that stamp before it
 * reads the WAL and attaches it to the L0 file it writes, so the stamp is never later than the
 * changes the file carries; an upload of TXID t clears every stamp up to t. Lag is therefore never
 * under-reported, at worst over-reported by one sync.
 *
 * <p>A replica's upload can overtake the sync that wrote its file (the file is on disk, and the
 * upload lane reads it, before the sync attaches its stamp). Attaching a stamp and clearing stamps
 * are therefore one step each under this object's lock, and a stamp for a TXID the replica already
 * has is dropped: otherwise it would stay, and the lag grow, until the next upload.
 */
final class LagClock {

  private final LongSupplier nanoTime;
  private final AtomicLong pendingSince = new AtomicLong();
  private final AtomicLong inflight = new AtomicLong();
  private volatile long uploadedTxid;
  private final ConcurrentSkipListMap<Long, Long> unshipped =
      new ConcurrentSkipListMap<>(Long::compareUnsigned);

  LagClock(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Called after every commit (on the writer thread: must be cheap). */
  void committed() {
    long now = nanoTime.getAsLong();
    pendingSince.compareAndSet(0, now == 0 ? 1 : now);
  }

  /**
   * Takes the pending stamp before a sync reads the WAL. It stays visible to {@link #lag()} as "in
   * flight" until the sync attached it to a file, so lag never reads zero in between.
   */
  long beginSync() {
    long since = pendingSince.get();
    inflight.set(since);
    pendingSince.compareAndSet(since, 0);
    return since;
  }

  /** L0 file {@code txid} carries the changes stamped {@code since} (0: none stamped). */
  synchronized void synced(long txid, long since) {
    if (since != 0 && Long.compareUnsigned(txid, uploadedTxid) > 0) {
      unshipped.merge(txid, since, Math::min);
    }
    inflight.set(0);
  }

  /**
   * Ends a sync that wrote no file although {@code since} was stamped: the stamp is taken after its
   * commit, so that commit was already in the WAL when this sync read it and hence is in the newest
   * local file {@code localTxid}; the stamp follows that file (or is dropped if the replica already
   * has it).
   */
  synchronized void endSync(long since, long localTxid) {
    if (since != 0 && Long.compareUnsigned(localTxid, uploadedTxid) > 0) {
      unshipped.merge(localTxid, since, Math::min);
    }
    inflight.set(0);
  }

  /** The replica now has every TXID up to {@code txid}. */
  synchronized void uploaded(long txid) {
    if (Long.compareUnsigned(txid, uploadedTxid) > 0) {
      uploadedTxid = txid;
    }
    unshipped.headMap(txid, true).clear();
  }

  Duration lag() {
    long oldest = pendingSince.get();
    long flying = inflight.get();
    if (flying != 0 && (oldest == 0 || flying < oldest)) {
      oldest = flying;
    }
    Map.Entry<Long, Long> first = unshipped.firstEntry();
    if (first != null && (oldest == 0 || first.getValue() < oldest)) {
      oldest = first.getValue();
    }
    return oldest == 0
        ? Duration.ZERO
        : Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - oldest));
  }
}
