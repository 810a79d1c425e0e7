package dev.sqliterest.replication.restore;

import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.OptionalLong;

/**
 * Restore before serving: decides, from the local database, its replication state and the replica,
 * whether to start empty, serve the local file, restore it, or refuse to start; then carries the
 * decision out. Runs before the database is opened for traffic.
 *
 * <p>Rules (docs/RESTORE.md, "Restore before serving"): no local database → restore a non-empty
 * replica, else start new. A local database with no replication state, or whose L0 file checksum at
 * a TXID both sides hold differs from the replica's, is unknown to the replica → refuse unless
 * {@code force}. At or ahead of the replica → serve. Behind → serve if its last change is within
 * {@code lag} of the replica's newest file, otherwise restore. A restore may only start from a
 * snapshot no older than {@code interval}. After a restore the local L0 directory is reset to the
 * replica's newest L0 file, so replication continues at the restored TXID + 1 (docs/FORMAT.md,
 * "Start-up": replica ahead). A restore that did not finish (crash, replica error after the file
 * was installed) is restored again at the next start.
 */
public final class StartupRestore {

  private final ReplicaClient client;
  private final LocalState local;
  private final StartupRestoreOptions options;
  private final InstantSource clock;

  public StartupRestore(
      ReplicaClient client, LocalState local, StartupRestoreOptions options, InstantSource clock) {
    this.client = client;
    this.local = local;
    this.options = options;
    this.clock = clock;
  }

  /** Decides without changing anything. */
  public StartupDecision decide() throws IOException {
    ReplicaListing replica = ReplicaListing.read(client, false);
    LegacyListing legacy = replica.isEmpty() ? LegacyListing.read(client.legacy()) : null;
    boolean replicaEmpty = replica.isEmpty() && legacy.isEmpty();
    if (!local.databaseExists()) {
      if (replicaEmpty) {
        return new StartupDecision.StartNew(
            "no local database and an empty replica " + client.url());
      }
      return restore("no local database", RestoreTarget.latest());
    }
    if (replicaEmpty) {
      return new StartupDecision.ServeLocal("replica " + client.url() + " is empty");
    }
    if (local.restoreUnfinished()) {
      return restore(
          "an earlier restore of " + local.db() + " before serving did not finish",
          RestoreTarget.latest());
    }
    OptionalLong localTxid = local.txid();
    if (localTxid.isEmpty()) {
      return unknown(
          "local database "
              + local.db()
              + " has no replication state (no "
              + local.level0()
              + "), so the replica cannot vouch for it");
    }
    long n = localTxid.getAsLong();
    long m = replica.maxTxid();
    String mismatch = lineageMismatch(replica, Math.min(n, m));
    if (mismatch != null) {
      return unknown(mismatch);
    }
    if (n >= m) {
      return new StartupDecision.ServeLocal(
          String.format("local database is at txid %016x, replica at %016x", n, m));
    }
    Instant localChange = local.timestamp(n);
    Instant replicaNewest = replica.newestCreatedAt();
    Duration behind = Duration.between(localChange, replicaNewest);
    if (!options.lag().isZero() && behind.compareTo(options.lag()) <= 0) {
      return new StartupDecision.ServeLocal(
          String.format(
              "local database at txid %016x is %s behind the replica's newest file (lag allows %s)",
              n, behind, options.lag()));
    }
    return restore(
        String.format("local database at txid %016x is behind the replica at %016x", n, m),
        RestoreTarget.latest());
  }

  private StartupDecision unknown(String why) throws IOException {
    if (options.force()) {
      return restore(why + "; --replication-restore-force replaces it", RestoreTarget.latest());
    }
    return new StartupDecision.Refuse(
        why
            + ". Refusing to start: move the database away, point the replica URL elsewhere, or"
            + " pass --replication-restore-force to replace it with the replica's copy");
  }

  /** Compares the L0 file checksum both sides hold at {@code txid}; null when equal or unknown. */
  private String lineageMismatch(ReplicaListing replica, long txid) throws IOException {
    OptionalLong localSum = local.fileChecksum(txid);
    LtxFileInfo remote = null;
    for (LtxFileInfo f : replica.files(0)) {
      if (f.minTxid() == txid && f.maxTxid() == txid) {
        remote = f;
      }
    }
    if (localSum.isEmpty() || remote == null || remote.size() < 108) {
      return null;
    }
    long remoteSum;
    try (InputStream in = client.openLtxFile(0, txid, txid, remote.size() - 8, 8)) {
      byte[] b = in.readNBytes(8);
      if (b.length < 8) {
        return null;
      }
      remoteSum = ByteBuffer.wrap(b).getLong();
    }
    if (remoteSum == localSum.getAsLong()) {
      return null;
    }
    return String.format(
        "local database %s is unknown to the replica %s: both hold txid %016x but with different"
            + " contents (file checksums %016x locally, %016x in the replica)",
        local.db(), client.url(), txid, localSum.getAsLong(), remoteSum);
  }

  private StartupDecision restore(String why, RestoreTarget target) throws IOException {
    RestoreChoice choice = new Restorer(client).plan(target);
    if (!options.interval().isZero()) {
      Instant snapshotAt = snapshotCreatedAt(choice);
      Duration age = Duration.between(snapshotAt, clock.instant());
      if (age.compareTo(options.interval()) > 0) {
        return new StartupDecision.Refuse(
            String.format(
                "%s, but the newest snapshot in %s is %s old (created %s), older than"
                    + " --replication-restore-interval %s",
                why, client.url(), age.withNanos(0), snapshotAt, options.interval()));
      }
    }
    return new StartupDecision.Restore(choice, why);
  }

  private static Instant snapshotCreatedAt(RestoreChoice choice) {
    return switch (choice) {
      case RestoreChoice.Ltx l -> l.plan().files().getFirst().createdAt();
      case RestoreChoice.Legacy l -> l.plan().snapshot().createdAt();
    };
  }

  /**
   * Decides and acts: restores when needed (temp file, integrity check, rename), resets the local
   * L0 state after a restore, and throws on {@link StartupDecision.Refuse}.
   */
  public StartupDecision run(RestoreProgress progress) throws IOException {
    return act(decide(), progress);
  }

  /** Carries out {@code decision} (from {@link #decide()}) as {@link #run} does; returns it. */
  public StartupDecision act(StartupDecision decision, RestoreProgress progress)
      throws IOException {
    switch (decision) {
      case StartupDecision.Refuse r -> throw new RestoreException(r.reason());
      case StartupDecision.Restore r -> {
        // Until the restored file and the local position that vouches for it are both in place,
        // a marker makes the next start restore again: a crash in between would otherwise leave a
        // database the replica cannot vouch for, and every later start would refuse it.
        local.markRestoring();
        RestoreResult result;
        try {
          result =
              new Restorer(client)
                  .restore(r.choice(), local.db(), options.integrityCheck(), progress);
        } catch (IOException | RuntimeException e) {
          local.restoreFinished(); // a failed restore installs nothing
          throw e;
        }
        resetLocalLevel0(result.txid());
        local.restoreFinished();
      }
      case StartupDecision.StartNew s -> {}
      case StartupDecision.ServeLocal s -> {}
    }
    return decision;
  }

  /** Empties the local L0 directory and adopts the replica's L0 file at {@code txid}, if any. */
  private void resetLocalLevel0(long txid) throws IOException {
    Path dir = local.level0();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path p : files) {
          Files.deleteIfExists(p);
        }
      }
    }
    if (txid == 0) {
      return;
    }
    for (LtxFileInfo f : client.ltxFiles(0, txid, false)) {
      if (f.minTxid() == txid && f.maxTxid() == txid) {
        Files.createDirectories(dir);
        Path target = dir.resolve(f.name().fileName());
        Path tmp = dir.resolve(f.name().fileName() + ".tmp");
        try (InputStream in = client.openLtxFile(0, txid, txid, 0, 0)) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return;
      }
    }
  }
}
