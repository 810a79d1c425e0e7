package dev.sqliterest.replication.wal;

import java.util.Map;

/**
 * What one pass over a WAL found from a start offset: the committed transactions, as the newest
 * frame offset of every page, and where the last one ends.
 *
 * <p>Frames after the last commit frame (a transaction still being written, or torn) are counted in
 * {@link #validFrames} but never appear in {@link #pages}. Pages above the final database size
 * ({@link #commit}) are dropped, since the database shrank past them.
 *
 * @param header the WAL header the frames were validated against
 * @param startOffset the frame-aligned offset the scan started at
 * @param endOffset end of the last commit frame read; equals {@code startOffset} when none was
 * @param commit database size in pages after the last committed transaction; 0 when none was read
 * @param pages page number to the offset of its newest committed frame, ascending by page number
 * @param transactions number of commit frames read
 * @param validFrames number of frames that passed the salt and checksum checks
 * @param checksum the running checksum at {@code endOffset} (seed for a scan resuming there)
 * @param limitReached true when the scan stopped early at the byte limit, not at the WAL's end
 */
public record WalScan(
    WalHeader header,
    long startOffset,
    long endOffset,
    int commit,
    Map<Integer, Long> pages,
    int transactions,
    int validFrames,
    WalChecksum checksum,
    boolean limitReached) {

  /** Bytes of committed WAL this scan consumed. */
  public long committedBytes() {
    return endOffset - startOffset;
  }

  /** True when no committed transaction was found after {@code startOffset}. */
  public boolean isEmpty() {
    return transactions == 0;
  }
}
