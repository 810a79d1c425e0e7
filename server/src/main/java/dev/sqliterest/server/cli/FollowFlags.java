package dev.sqliterest.server.cli;

import dev.sqliterest.replication.FollowOptions;
import dev.sqliterest.server.config.ConfigException;
import dev.sqliterest.server.config.DurationText;
import dev.sqliterest.server.config.FollowConfig;
import dev.sqliterest.server.config.ReplicationConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The follower flags of {@code serve} (docs/REPLICATION.md, "Scaling reads"), each mirrored by
 * {@code SQLITEREST_REPLICATION_FOLLOW*} and {@code SQLITEREST_REPLICATION_PRIMARY_URL}.
 */
public final class FollowFlags {

  @Option(
      names = "--replication-follow",
      paramLabel = "URL",
      description =
          "Serve reads as a follower of this replica (file:///abs/dir or s3://bucket/prefix,"
              + " written by a primary's --replication-replica-url): restore the database from"
              + " it, then apply new files as they appear. Writes get 405. --db-dsn names the"
              + " follower's own file (created; never a database it did not create). Default: off.")
  String follow;

  @Option(
      names = "--replication-follow-interval",
      paramLabel = "DURATION",
      converter = Converters.GoDuration.class,
      description =
          "How often a follower looks for new files: one LIST request of level 0 each time"
              + " (about 2.6 million a month at 1s; S3 bills LISTs per 1000). Default:"
              + " ${DEFAULT-VALUE}.")
  Duration interval;

  @Option(
      names = "--replication-follow-wait",
      paramLabel = "DURATION",
      converter = Converters.GoDuration.class,
      description =
          "Longest a follower holds a read whose Replication-Min-Txid header names a TXID it has"
              + " not applied yet (or any read before its first restore); then 503 with"
              + " Retry-After. Default: ${DEFAULT-VALUE}.")
  Duration maxWait;

  @Option(
      names = "--replication-primary-url",
      paramLabel = "URL",
      description =
          "The primary's API address (http://primary:8080); a follower names it in its answer"
              + " to a write (Location header and hint). Default: none.")
  String primaryUrl;

  /** The validated follower settings; empty when not following. Values are checked even then. */
  Optional<FollowConfig> toConfig() {
    if (interval.isZero() || interval.isNegative()) {
      throw new ConfigException(
          "--replication-follow-interval must be a positive duration such as 1s or 200ms, got "
              + DurationText.format(interval));
    }
    Optional<URI> primary =
        Optional.ofNullable(primaryUrl)
            .filter(u -> !u.isBlank())
            .map(FollowConfig::parsePrimaryUrl);
    String url = follow == null ? "" : follow.strip();
    if (url.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new FollowConfig(
            ReplicationConfig.parseReplicaUrl("--replication-follow", url),
            new FollowOptions(interval),
            maxWait,
            primary));
  }
}
