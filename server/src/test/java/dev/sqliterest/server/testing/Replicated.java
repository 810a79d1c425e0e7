package dev.sqliterest.server.testing;

import dev.sqliterest.replication.ReplicationOptions;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.server.config.ReplicationConfig;
import java.time.Duration;

/** Replication settings the server's tests share. */
public final class Replicated {

  private Replicated() {}

  /** Replication to {@code url} with every default but a 200 ms sync interval (tests wait less). */
  public static ReplicationConfig fast(String url) {
    return ReplicationConfig.to(ReplicaUrl.parse(url))
        .withEngine(ReplicationOptions.defaults().withSyncInterval(Duration.ofMillis(200)));
  }
}
