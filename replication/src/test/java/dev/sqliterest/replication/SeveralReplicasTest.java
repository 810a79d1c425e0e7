package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.sqlite.Database;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One database replicated to two replicas: each gets every change with its own position and
 * retries, one failing holds up neither the other nor the writes, and a replicated write waits for
 * every replica, or for any one with {@link AckReplicas#ANY}.
 */
final class SeveralReplicasTest {

  @TempDir Path dir;
  private Database db;
  private final MemoryReplicaClient near = new MemoryReplicaClient("memory://near");
  private final MemoryReplicaClient far = new MemoryReplicaClient("memory://far");
  private final Map<String, List<ReplicationEvent>> byReplica = new ConcurrentHashMap<>();
  private final List<ReplicationEvent> untagged = new CopyOnWriteArrayList<>();
  private Store store;

  @BeforeEach
  void open() throws SQLException {
    db = TestDatabase.open(dir.resolve("app.db"));
  }

  @AfterEach
  void close() throws SQLException {
    if (store != null) {
      store.close(Duration.ofSeconds(5));
    }
    db.close();
  }

  private Store start(AckReplicas ack, boolean allowDegraded) throws Exception {
    ReplicationListener listener =
        new ReplicationListener() {
          @Override
          public void on(ReplicationEvent event) {
            untagged.add(event);
          }

          @Override
          public void on(String replicaUrl, ReplicationEvent event) {
            byReplica.computeIfAbsent(replicaUrl, u -> new CopyOnWriteArrayList<>()).add(event);
          }
        };
    store =
        new Store(
            db,
            List.<ReplicaClient>of(near, far),
            ack,
            StoreTest.fast(),
            listener,
            InstantSource.system());
    store.start(allowDegraded);
    return store;
  }

  @Test
  void everyReplicaGetsEveryChange_eachRestoresToThePrimary_eventsNameTheirReplica()
      throws Exception {
    TestDatabase.insert(db, 1, 10);
    start(AckReplicas.ALL, false);
    for (int i = 1; i <= 5; i++) {
      TestDatabase.insert(db, i * 100, i * 100 + 9);
    }
    await(this::bothCaughtUp);
    assertGaplessL0(near);
    assertGaplessL0(far);
    assertRestoresToThePrimary(near);
    assertRestoresToThePrimary(far);
    assertThat(byReplica.get("memory://near"))
        .anyMatch(e -> e instanceof ReplicationEvent.Uploaded);
    assertThat(byReplica.get("memory://far")).anyMatch(e -> e instanceof ReplicationEvent.Uploaded);
    assertThat(untagged)
        .as("uploads are always tagged")
        .noneMatch(e -> e instanceof ReplicationEvent.Uploaded);
    assertThat(store.replicas())
        .extracting(ReplicaState::url)
        .containsExactly("memory://near", "memory://far");
  }

  @Test
  void oneReplicaDown_theOtherKeepsUp_writesGoOn_thenTheFailedOneCatchesUpWithoutGap()
      throws Exception {
    start(AckReplicas.ALL, false);
    TestDatabase.insert(db, 1, 5);
    await(this::bothCaughtUp);
    long before = store.replicas().get(1).txid();
    far.down(true);
    for (int i = 1; i <= 10; i++) {
      TestDatabase.insert(db, i * 100, i * 100 + 4);
    }
    // near alone has everything: lag (of the slowest) stays, so wait for its uploads by TXID
    long local = store.localTxid(db.commits(), Duration.ofSeconds(10));
    await(() -> store.replicas().get(0).txid() == local && !store.replicas().get(1).healthy());
    assertThat(store.replicas().get(0).healthy()).isTrue();
    assertThat(store.replicas().get(1).txid()).as("far keeps what it had").isEqualTo(before);
    assertThat(store.status().healthy()).as("not every replica takes uploads").isFalse();
    assertThat(store.status().replicaTxid()).as("the slowest replica").isEqualTo(before);
    assertThat(store.status().lag()).isPositive();
    assertThat(byReplica.get("memory://far")).anyMatch(TestDatabase::uploadFailed);
    assertThat(byReplica.get("memory://near")).noneMatch(TestDatabase::uploadFailed);
    assertRestoresToThePrimary(near);

    far.down(false);
    await(() -> bothCaughtUp() && store.status().healthy());
    assertThat(store.status().lag()).isZero();
    assertGaplessL0(far);
    assertRestoresToThePrimary(far);
  }

  @Test
  void replicatedWrite_waitsForEveryReplica_orAnyOneWithAny() throws Exception {
    start(AckReplicas.ALL, false);
    far.down(true);
    TestDatabase.insert(db, 1, 3);
    long txid = store.localTxid(db.commits(), Duration.ofSeconds(10));
    assertThatThrownBy(() -> store.awaitReplicated(txid, Duration.ofMillis(500)))
        .as("far is down: not on every replica")
        .isInstanceOf(TimeoutException.class);
    far.down(false);
    store.awaitReplicated(txid, Duration.ofSeconds(10));
    assertRestoresToThePrimary(far); // through an L0 file or a snapshot, both count
    store.close(Duration.ofSeconds(5));

    store = null;
    start(AckReplicas.ANY, false);
    far.down(true);
    TestDatabase.insert(db, 4, 6);
    long next = store.localTxid(db.commits(), Duration.ofSeconds(10));
    store.awaitReplicated(next, Duration.ofSeconds(10));
    assertThat(Long.compareUnsigned(store.replicas().get(0).txid(), next)).isNotNegative();
    assertThat(Long.compareUnsigned(store.replicas().get(1).txid(), next)).isNegative();
    far.down(false);
  }

  @Test
  void start_oneReplicaUnusable_failsNamingIt_orServesDegradedAndCatchesUp() throws Exception {
    far.down(true);
    assertThatThrownBy(() -> start(AckReplicas.ALL, false))
        .isInstanceOf(ReplicationStartException.class)
        .hasMessageContaining("memory://far");
    store = null;
    TestDatabase.insert(db, 1, 3);
    start(AckReplicas.ALL, true);
    long local = store.localTxid(db.commits(), Duration.ofSeconds(10));
    await(() -> store.replicas().get(0).txid() == local);
    assertThat(store.status().healthy()).isFalse();
    far.down(false);
    await(() -> bothCaughtUp() && store.status().healthy());
    assertRestoresToThePrimary(far);
  }

  /** The replica holds every local TXID; for both replicas, also nothing waits (lag zero). */
  private boolean holdsLocal(int replica) {
    return store.replicas().get(replica).txid() == store.status().localTxid();
  }

  private boolean bothCaughtUp() {
    return holdsLocal(0) && holdsLocal(1) && store.status().lag().isZero();
  }

  private void assertRestoresToThePrimary(MemoryReplicaClient replica) throws Exception {
    Path restored = dir.resolve("restored-" + System.nanoTime() + ".db");
    ReplicaImage.restore(replica, restored);
    assertThat(ReplicaImage.integrityCheck(restored)).isEqualTo("ok");
    assertThat(ReplicaImage.dump(restored)).isEqualTo(db.read(ReplicaImage::dump));
  }

  private static void assertGaplessL0(MemoryReplicaClient replica) throws Exception {
    List<LtxFileInfo> l0 = replica.ltxFiles(0, 0, false);
    for (int i = 1; i < l0.size(); i++) {
      assertThat(l0.get(i).minTxid()).isEqualTo(l0.get(i - 1).maxTxid() + 1);
    }
  }

  private void await(BooleanSupplier condition) throws InterruptedException {
    try {
      StoreTest.awaitQuietly(condition);
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage() + "; status " + store.status() + "; replicas " + store.replicas(), e);
    }
  }
}
