package dev.sqliterest.replication.restore;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the restore-before-serving step ({@code --replication-restore-*}).
 *
 * @param interval 0 = any snapshot; otherwise a restore may only start from a snapshot no older
 *     than this
 * @param lag 0 = the local database must be at the replica's newest TXID; otherwise a local
 *     database whose last change is at most this far behind the replica's newest file is served
 * @param force replace a local database the replica does not know (different lineage)
 * @param integrityCheck check run on the restored file before it replaces the local one
 */
public record StartupRestoreOptions(
    Duration interval, Duration lag, boolean force, IntegrityCheck integrityCheck) {

  public StartupRestoreOptions {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(lag, "lag");
    Objects.requireNonNull(integrityCheck, "integrityCheck");
    if (interval.isNegative() || lag.isNegative()) {
      throw new IllegalArgumentException("restore interval and lag must not be negative");
    }
  }

  /** Defaults: any snapshot, no lag, no force, full integrity check. */
  public static StartupRestoreOptions defaults() {
    return new StartupRestoreOptions(Duration.ZERO, Duration.ZERO, false, IntegrityCheck.FULL);
  }
}
