package dev.sqliterest.replication;

import dev.sqliterest.replication.wal.WalChecksum;
import dev.sqliterest.replication.wal.WalHeader;
import dev.sqliterest.replication.wal.WalReader;
import java.io.IOException;
import java.util.Optional;

/**
 * Where the next sync reads the WAL from and whether it must write every page (Litestream's {@code
 * verify}, docs/FORMAT.md "Sync: WAL to L0", reduced to the cases this engine can prove safe).
 *
 * <p>Implementation notes: an incremental sync is allowed only when the frames between the last
 * synced position and now are all still in the WAL. That holds when (a) the WAL generation is
 * unchanged and the frame just before the resume offset still carries its salts, or (b) the WAL was
 * restarted exactly once after a checkpoint this engine ran itself, having shipped every frame that
 * checkpoint backfilled ({@link OwnRestart}). Anything else (a foreign checkpoint, truncation or
 * rewrite; a position without a WAL range) is answered with a full-image sync.
 *
 * @param offset frame-aligned WAL offset to scan from
 * @param seed running checksum at {@code offset}
 * @param full true when the L0 file must hold every page
 * @param reason why a full image is written (for logs); null for incremental syncs
 */
record SyncPlan(long offset, WalChecksum seed, boolean full, String reason) {

  /**
   * A checkpoint this engine ran that backfilled every frame of generation {@code header}, all of
   * them already shipped up to {@code end}.
   */
  record OwnRestart(WalHeader header, long end) {}

  static SyncPlan decide(
      LocalPosition pos, boolean forceFull, OwnRestart own, boolean resumeFromDbFile, WalReader wal)
      throws IOException {
    WalHeader header = wal.header();
    if (pos == null) {
      return full(header, "first sync");
    }
    if (forceFull || !pos.hasWalRange()) {
      return full(header, "position has no wal range");
    }
    boolean sameGeneration = header.salt1() == pos.salt1() && header.salt2() == pos.salt2();
    if (sameGeneration) {
      Optional<WalChecksum> seed =
          pos.end() <= wal.size() ? wal.seedAt(pos.end()) : Optional.empty();
      return seed.map(s -> new SyncPlan(pos.end(), s, false, null))
          .orElseGet(() -> full(header, "wal truncated or overwritten by another process"));
    }
    if (resumeFromDbFile) {
      // a clean shutdown left the database file at pos (CleanShutdown): the new WAL continues it
      return new SyncPlan(WalHeader.SIZE, header.checksum(), false, null);
    }
    if (own != null
        && own.header().salt1() == pos.salt1()
        && own.header().salt2() == pos.salt2()
        && own.end() == pos.end()
        && header.salt1() == own.header().salt1() + 1) {
      return new SyncPlan(WalHeader.SIZE, header.checksum(), false, null);
    }
    return full(
        header,
        "wal restarted by another process (now "
            + header
            + ", position salts "
            + String.format("%08x/%08x end %d", pos.salt1(), pos.salt2(), pos.end())
            + ", own checkpoint "
            + own
            + ")");
  }

  private static SyncPlan full(WalHeader header, String reason) {
    return new SyncPlan(WalHeader.SIZE, header.checksum(), true, reason);
  }
}
