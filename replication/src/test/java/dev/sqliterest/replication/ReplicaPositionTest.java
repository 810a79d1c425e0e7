package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.LtxBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where uploads resume after the cached position was lost (outage, restart). */
final class ReplicaPositionTest {

  @TempDir Path dir;
  private final MemoryReplicaClient client = new MemoryReplicaClient();
  private final AtomicLong localTxid = new AtomicLong();
  private MetaDir meta;
  private Replica replica;

  @BeforeEach
  void open() throws IOException {
    meta = new MetaDir(dir.resolve("meta"));
    meta.open();
    replica = new Replica(client, meta, e -> {}, txid -> {}, localTxid::get);
  }

  @Test
  void position_caughtUpWhileASnapshotIsAhead_resumesAfterL0() throws Exception {
    // the race of the flaky outage test: L0 holds 1..2 = local; a snapshot has just synced TXID 3
    // and written 1-3 to level 9, but the re-listing read the local TXID before that
    put(0, 1, 1);
    put(0, 2, 2);
    put(9, 1, 3);
    localTxid.set(2);
    assertThat(replica.position()).isEqualTo(2); // TXID 3 goes to L0 next: no hole
  }

  @Test
  void position_localL0FileGoneAndBridgedBySnapshot_resumesAfterTheSnapshot() throws Exception {
    put(0, 1, 1);
    put(0, 2, 2);
    put(9, 1, 5);
    localFile(5);
    localTxid.set(5); // files 3 and 4 are gone locally: the snapshot 1-5 bridges them
    assertThat(replica.position()).isEqualTo(5);
  }

  @Test
  void position_replicaAheadOfAnEmptyLocalState_isTheReplicasNewestTxid() throws Exception {
    put(0, 1, 1);
    put(9, 1, 8); // e.g. written by a bridged gap in an earlier run
    localTxid.set(0);
    assertThat(replica.position()).isEqualTo(8);
  }

  private void put(int level, long min, long max) throws IOException {
    client.writeLtxFile(
        level, min, max, new ByteArrayInputStream(LtxBytes.of(min, max, 1_000, 10)));
  }

  private void localFile(long txid) throws IOException {
    Files.write(meta.l0Path(txid), LtxBytes.of(txid, txid, 1_000, 10));
  }
}
