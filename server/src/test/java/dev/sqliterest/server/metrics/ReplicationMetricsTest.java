package dev.sqliterest.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.ReplicationStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class ReplicationMetricsTest {

  private static final String TXID = "sqlite_rest_replication_txid";

  private static ReplicationStatus status(long local, long replica, boolean healthy) {
    return new ReplicationStatus(local, replica, Duration.ZERO, null, healthy, true);
  }

  @Test
  void replicaTxid_keepsTheLastShippedPositionWhileTheReplicaIsUnknown() throws Exception {
    Metrics metrics = Metrics.create();
    ReplicationMetrics replication = new ReplicationMetrics(metrics);

    replication.update(status(21, 21, true));
    replication.update(status(22, 0, false)); // outage: the engine no longer knows the replica
    Scrape during = Scrape.of(metrics);
    replication.update(status(22, 22, true));
    Scrape after = Scrape.of(metrics);

    assertThat(during.value(TXID, "position", "replica")).hasValue(21);
    assertThat(during.value(TXID, "position", "local")).hasValue(22);
    assertThat(after.value(TXID, "position", "replica")).hasValue(22);
  }
}
