package dev.sqliterest.server.cli;

import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.restore.StartupRestoreOptions;
import dev.sqliterest.server.config.ConfigException;
import dev.sqliterest.server.config.ReplicationConfig;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The restore-before-serving flags of {@code serve} (docs/RESTORE.md), as a picocli mixin; {@link
 * ReplicationFlags#toConfig} folds them into the replication settings. Env mirrors come from {@link
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
      converter = Converters.GoDuration.class,
      description =
          "Restore only from a snapshot no older than this (0 = any). Default: ${DEFAULT-VALUE}.")
  Duration restoreInterval;

  @Option(
      names = "--replication-restore-lag",
      paramLabel = "DURATION",
      converter = Converters.GoDuration.class,
      description =
          "Serve a local database at most this far behind the replica's newest file as is"
              + " (0 = it must be at the replica's latest TXID). Default: ${DEFAULT-VALUE}.")
  Duration restoreLag;

  @Option(
      names = "--replication-restore-force",
      description = "Replace a local database the replica does not know (different lineage).")
  boolean restoreForce;

  /** The options of the restore before serving. */
  StartupRestoreOptions startupOptions() {
    try {
      return new StartupRestoreOptions(
          restoreInterval,
          restoreLag,
          restoreForce,
          StartupRestoreOptions.defaults().integrityCheck());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "--replication-restore-interval and --replication-restore-lag: " + e.getMessage(), e);
    }
  }

  /** The replica to restore from instead of the one replicated to, parsed. */
  Optional<ReplicaUrl> restoreFrom() {
    return Optional.ofNullable(restoreFrom)
        .map(String::strip)
        .filter(url -> !url.isEmpty())
        .map(url -> ReplicationConfig.parseReplicaUrl("--replication-restore-from", url));
  }
}
