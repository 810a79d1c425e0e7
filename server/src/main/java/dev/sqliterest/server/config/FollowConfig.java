package dev.sqliterest.server.config;

import dev.sqliterest.replication.FollowOptions;
import dev.sqliterest.replication.client.ReplicaUrl;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code serve} follows a replica as a read replica ({@code --replication-follow URL}), parsed
 * once at the edge ({@code cli.FollowFlags}); present in {@link ServeConfig#follow()} only in
 * follower mode (docs/REPLICATION.md, "Scaling reads").
 *
 * @param replica the replica followed (written by a primary's {@code --replication-replica-url})
 * @param engine how often the replica is polled
 * @param maxWait longest a read with {@code Replication-Min-Txid} waits for that TXID
 * @param primaryUrl the primary's API base URL, named in the answer to a write; empty when unknown
 */
public record FollowConfig(
    ReplicaUrl replica, FollowOptions engine, Duration maxWait, Optional<URI> primaryUrl) {

  /** How long a read waits for its {@code Replication-Min-Txid} by default. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(5);

  public FollowConfig {
    Objects.requireNonNull(replica, "replica");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(primaryUrl, "primaryUrl");
    if (maxWait.isNegative()) {
      throw new ConfigException("--replication-follow-wait must not be negative");
    }
  }

  /** Following {@code replica} with every default and no primary URL. */
  public static FollowConfig of(ReplicaUrl replica) {
    return new FollowConfig(replica, FollowOptions.defaults(), DEFAULT_MAX_WAIT, Optional.empty());
  }

  /**
   * Parses {@code --replication-primary-url}: an absolute http(s) URL, else a {@link
   * ConfigException}; a trailing slash is dropped so a path can be appended.
   */
  public static URI parsePrimaryUrl(String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException("--replication-primary-url: " + e.getMessage(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new ConfigException(
          "--replication-primary-url must be the primary's API address such as"
              + " http://primary:8080, got \""
              + text
              + "\"");
    }
    String s = uri.toString();
    return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }
}
