package dev.sqliterest.replication.restore;

import dev.sqliterest.replication.client.Levels;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Restores a database from a replica: plans (LTX, or legacy v0.3 when that holds the better backup,
 * docs/FORMAT.md, "Choosing between layouts"), then writes a temporary file of its own beside
 * {@code <out>} ({@link RestoreOutput}), checks it with SQLite and renames it over {@code <out>},
 * removing stale {@code -wal}/{@code -shm}. A failed restore leaves no output and deletes only what
 * it created.
 */
public final class Restorer {

  private final ReplicaClient client;

  public Restorer(ReplicaClient client) {
    this.client = client;
  }

  /**
   * Decides what to restore for {@code target}.
   *
   * @throws TxNotAvailableException when the replica holds nothing restorable for the target
   * @throws NonContiguousLtxFilesException when a latest restore finds a TXID gap
   */
  public RestoreChoice plan(RestoreTarget target) throws IOException {
    ReplicaListing ltx = ReplicaListing.read(client, target.needsMetadata());
    if (target instanceof RestoreTarget.AtTxid) {
      return new RestoreChoice.Ltx(RestorePlanner.plan(ltx, target));
    }
    LegacyListing legacy = LegacyListing.read(client.legacy());
    if (useLegacy(ltx, legacy, target)) {
      return new RestoreChoice.Legacy(LegacyPlanner.plan(legacy, target));
    }
    return new RestoreChoice.Ltx(RestorePlanner.plan(ltx, target));
  }

  /**
   * Litestream's choice between the layouts when both are present (docs/FORMAT.md, "Choosing
   * between layouts").
   */
  static boolean useLegacy(ReplicaListing ltx, LegacyListing legacy, RestoreTarget target) {
    if (legacy.isEmpty()) {
      return false;
    }
    if (ltx.isEmpty()) {
      return true;
    }
    if (target instanceof RestoreTarget.AtTime t) {
      var legacySnap = legacy.bestSnapshot(t.time());
      if (legacySnap == null) {
        return false;
      }
      LtxFileInfo ltxSnap = null;
      for (LtxFileInfo f : ltx.files(Levels.SNAPSHOT)) {
        if (f.createdAt().isBefore(t.time())) {
          ltxSnap = f;
        }
      }
      return ltxSnap == null || legacySnap.createdAt().isAfter(ltxSnap.createdAt());
    }
    return legacy.newestCreatedAt().isAfter(ltx.newestCreatedAt());
  }

  /** Restores {@code choice} to {@code out}, replacing whatever is there. */
  public RestoreResult restore(
      RestoreChoice choice, Path out, IntegrityCheck check, RestoreProgress progress)
      throws IOException {
    long start = System.nanoTime();
    ProgressTracker tracker = new ProgressTracker(progress, choice.totalSize(), choice.fileCount());
    long txid;
    try (RestoreOutput output = new RestoreOutput(out)) {
      txid =
          switch (choice) {
            case RestoreChoice.Ltx l -> {
              new LtxRestorer(client)
                  .apply(l.plan(), output.tmp(), tracker, check != IntegrityCheck.NONE);
              yield l.plan().txid();
            }
            case RestoreChoice.Legacy l -> {
              new LegacyRestorer(client.legacy()).apply(l.plan(), output.tmp(), tracker);
              yield 0L;
            }
          };
      output.install(check);
    }
    return new RestoreResult(
        out,
        txid,
        tracker.bytesDone(),
        choice.fileCount(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Plans and restores in one step. */
  public RestoreResult restore(
      RestoreTarget target, Path out, IntegrityCheck check, RestoreProgress progress)
      throws IOException {
    return restore(plan(target), out, check, progress);
  }
}
