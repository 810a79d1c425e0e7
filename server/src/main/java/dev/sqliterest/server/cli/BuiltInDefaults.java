package dev.sqliterest.server.cli;

import dev.sqliterest.replication.FollowOptions;
import dev.sqliterest.replication.ReplicationOptions;
import dev.sqliterest.replication.restore.StartupRestoreOptions;
import dev.sqliterest.server.config.ByteSize;
import dev.sqliterest.server.config.DurationText;
import dev.sqliterest.server.config.FollowConfig;
import dev.sqliterest.server.config.ReplicationAck;
import dev.sqliterest.server.config.ServeConfig;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of the options whose values a configuration or engine class owns, printed as the
 * option's text: each default lives in that class only ({@link ServeConfig}, {@link
 * ReplicationOptions#defaults()}, {@link StartupRestoreOptions#defaults()}, {@link FollowOptions},
 * {@link FollowConfig}), and these options declare no {@code defaultValue} of their own. {@link
 * EnvironmentDefaults} falls back to them.
 */
final class BuiltInDefaults {

  private static final ReplicationOptions ENGINE = ReplicationOptions.defaults();
  private static final StartupRestoreOptions RESTORE = StartupRestoreOptions.defaults();

  private static final Map<String, String> BY_OPTION =
      Map.ofEntries(
          Map.entry("--max-body-bytes", ByteSize.format(ServeConfig.DEFAULT_MAX_BODY_BYTES)),
          Map.entry("--shutdown-timeout", duration(ServeConfig.DEFAULT_SHUTDOWN_TIMEOUT)),
          Map.entry("--replication-sync-interval", duration(ENGINE.syncInterval())),
          Map.entry("--replication-snapshot-interval", duration(ENGINE.snapshotInterval())),
          Map.entry("--replication-retention", duration(ENGINE.retention())),
          Map.entry(
              "--replication-compaction-intervals",
              String.join(",", ENGINE.levels().stream().map(l -> duration(l.interval())).toList())),
          Map.entry("--replication-restore-interval", duration(RESTORE.interval())),
          Map.entry("--replication-restore-lag", duration(RESTORE.lag())),
          Map.entry("--replication-ack-timeout", duration(ReplicationAck.DEFAULT_TIMEOUT)),
          Map.entry("--replication-follow-interval", duration(FollowOptions.DEFAULT_INTERVAL)),
          Map.entry("--replication-follow-wait", duration(FollowConfig.DEFAULT_MAX_WAIT)));

  private BuiltInDefaults() {}

  /** The default of {@code option} as text, or null when its annotation declares it. */
  static String of(OptionSpec option) {
    return BY_OPTION.get(option.longestName());
  }

  /** The options this class answers for. */
  static java.util.Set<String> options() {
    return BY_OPTION.keySet();
  }

  /** Go syntax; a zero duration (a setting that is off) reads as {@code 0}. */
  private static String duration(Duration value) {
    return value.isZero() ? "0" : DurationText.format(value);
  }
}
