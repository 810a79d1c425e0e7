package dev.sqliterest.server.cli;

import dev.sqliterest.replication.restore.IntegrityCheck;
import dev.sqliterest.replication.restore.StartupRestoreOptions;
import dev.sqliterest.server.RestoreBeforeServing;
import dev.sqliterest.server.config.ReplicationConfig;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The restore-before-serving flags of {@code serve} (docs/RESTORE.md), as a picocli mixin: add
 * {@code @Mixin ReplicationRestoreFlags restore;} to the command, then call {@link
 * #restoreBeforeServing} before the database is opened. Env mirrors come from {@link
 * EnvironmentDefaults} ({@code SQLITEREST_REPLICATION_RESTORE_FROM}, …).
 */
public final class ReplicationRestoreFlags {

  @Option(
      names = "--replication-restore-from",
      paramLabel = "URL",
      description = "Restore from this replica instead of the one replicated to.")
  String restoreFrom;

  @Option(
      names = "--replication-restore-interval",
      paramLabel = "DURATION",
      defaultValue = "0",
      converter = Converters.GoDuration.class,
      description =
          "Restore only from a snapshot no older than this (0 = any). Default: ${DEFAULT-VALUE}.")
  Duration restoreInterval;

  @Option(
      names = "--replication-restore-lag",
      paramLabel = "DURATION",
      defaultValue = "0",
      converter = Converters.GoDuration.class,
      description =
          "Serve a local database at most this far behind the replica's newest file as is"
              + " (0 = it must be at the replica's latest TXID). Default: ${DEFAULT-VALUE}.")
  Duration restoreLag;

  @Option(
      names = "--replication-restore-force",
      description = "Replace a local database the replica does not know (different lineage).")
  boolean restoreForce;

  /** The options for {@link StartupRestore}. */
  public StartupRestoreOptions startupOptions() {
    return new StartupRestoreOptions(
        restoreInterval, restoreLag, restoreForce, IntegrityCheck.FULL);
  }

  /** The restore step {@code serve} runs before opening the database. */
  public RestoreBeforeServing toStep() {
    RestoreBeforeServing step =
        new RestoreBeforeServing(Optional.ofNullable(restoreFrom), startupOptions());
    step.restoreFrom()
        .ifPresent(url -> ReplicationConfig.parseReplicaUrl("--replication-restore-from", url));
    return step;
  }
}
