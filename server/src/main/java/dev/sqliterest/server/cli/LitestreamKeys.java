package dev.sqliterest.server.cli;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The vocabulary of {@code litestream.yml} that {@link ConfigFile} knows, beyond its mappings. */
final class LitestreamKeys {

  private LitestreamKeys() {}

  /** Litestream keys that do not apply, with the reason given to the user. */
  static final Map<String, String> NOT_APPLICABLE =
      Map.ofEntries(
          Map.entry("exec", "sqlite-rest is the application; run it directly instead"),
          Map.entry("mcp-addr", "sqlite-rest has no MCP server"),
          Map.entry("socket", "sqlite-rest has no control socket"),
          Map.entry("heartbeat-url", "sqlite-rest sends no heartbeats; scrape /metrics instead"),
          Map.entry("heartbeat-interval", "sqlite-rest sends no heartbeats"),
          Map.entry("l0-retention", "sqlite-rest keeps Litestream's default L0 retention"),
          Map.entry("l0-retention-check-interval", "sqlite-rest keeps Litestream's default"),
          Map.entry("retention", "remote retention cannot be turned off here"),
          Map.entry("validation", "sqlite-rest has no periodic validation"),
          Map.entry("verify-compaction", "sqlite-rest has no compaction verification switch"),
          Map.entry("shutdown-sync-timeout", "use shutdown-timeout (it bounds the final sync)"),
          Map.entry("shutdown-sync-interval", "the final sync is not tunable here"),
          Map.entry("monitor-interval", "sqlite-rest sees every commit as it happens; no polling"),
          Map.entry(
              "checkpoint-interval",
              "sqlite-rest checkpoints after the frames are shipped (docs/REPLICATION.md)"),
          Map.entry("min-checkpoint-page-count", "checkpoint tuning is sqlite-rest's own"),
          Map.entry("max-checkpoint-page-count", "checkpoint tuning is sqlite-rest's own"),
          Map.entry("truncate-page-n", "checkpoint tuning is sqlite-rest's own"),
          Map.entry("max-sync-wal-bytes", "sync tuning is sqlite-rest's own"),
          Map.entry("busy-timeout", "set _busy_timeout in db-dsn instead"),
          Map.entry("meta-path", "the local state is always .<db>-litestream beside the database"),
          Map.entry("meta-dir", "sqlite-rest serves one database; name it with path"),
          Map.entry("dir", "sqlite-rest serves one database; name it with path"),
          Map.entry("pattern", "sqlite-rest serves one database; name it with path"),
          Map.entry("recursive", "sqlite-rest serves one database; name it with path"),
          Map.entry("watch", "sqlite-rest serves one database; name it with path"),
          Map.entry("max-sync-ltx-files", "sync tuning is sqlite-rest's own"),
          Map.entry("auto-recover", "sqlite-rest always rebuilds a broken chain with a snapshot"),
          Map.entry("validation-interval", "sqlite-rest has no periodic validation"),
          Map.entry("sign-payload", "requests are always signed"),
          Map.entry("require-content-md5", "Content-MD5 is sent where S3 requires it"),
          Map.entry("concurrency", "uploads are not split into concurrent parts here"),
          Map.entry("sse-customer-key-path", "give the key with sse-customer-key"),
          Map.entry("age", "Litestream v0.5 has no age encryption either"),
          Map.entry(
              "snapshot-interval",
              "a Litestream v0.3 key; write snapshot.interval at the top (as v0.5 does)"),
          Map.entry(
              "retention-check-interval", "a Litestream v0.3 key; retention runs on its own"));

  /** Replica settings that become query parameters of an {@code s3://} URL. */
  static final List<String> S3_PARAMETERS =
      List.of(
          "endpoint",
          "region",
          "force-path-style",
          "skip-verify",
          "part-size",
          "storage-class",
          "sse-kms-key-id",
          "sse-customer-algorithm",
          "sse-customer-key");

  /** Keys of other Litestream backends (gs, abs, sftp, webdav, nats). */
  static final List<String> OTHER_BACKENDS =
      List.of(
          "account-name",
          "account-key",
          "sas-token",
          "host",
          "user",
          "password",
          "key-path",
          "concurrent-writes",
          "host-key",
          "webdav-url",
          "webdav-username",
          "webdav-password",
          "jwt",
          "seed",
          "creds",
          "nkey",
          "username",
          "token",
          "tls",
          "root-cas",
          "client-cert",
          "client-key",
          "max-reconnects",
          "reconnect-wait",
          "timeout");

  static final List<String> REPLICA_KEYS =
      List.of("type", "url", "path", "bucket", "name", "sync-interval");

  static final List<String> CREDENTIALS = List.of("access-key-id", "secret-access-key");

  /** Replica settings Litestream also takes at the top level, as every replica's defaults. */
  static final List<String> GLOBAL_REPLICA_KEYS =
      Stream.of(List.of("sync-interval", "bucket"), S3_PARAMETERS, CREDENTIALS)
          .flatMap(List::stream)
          .toList();
}
