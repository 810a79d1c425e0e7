package dev.sqliterest.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.restore.IntegrityCheck;
import dev.sqliterest.replication.restore.RestoreProgress;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.replication.restore.Restorer;
import java.nio.file.Path;
import java.util.List;

/** What a replica must look like after the faults stopped: a whole chain that restores right. */
final class ReplicaAudit {

  private ReplicaAudit() {}

  /**
   * Level 0 holds one contiguous TXID chain from 1 (no gap, no overlap) at least up to {@code
   * localTxid}, and a restore of the replica has exactly the primary's rows, {@code acknowledged}
   * of them.
   */
  static void assertWholeAndRestorable(
      ReplicaClient replica, LoadedServer.Outcome outcome, Path primary, Path restoreTo)
      throws Exception {
    List<LtxFileInfo> l0 = replica.ltxFiles(0, 0, false);
    assertThat(l0).as("L0 files on the replica").isNotEmpty();
    assertThat(l0.getFirst().minTxid()).as("first L0 TXID").isEqualTo(1);
    for (int i = 1; i < l0.size(); i++) {
      assertThat(l0.get(i).minTxid())
          .as("L0 file %d follows %s without a gap", i, l0.get(i - 1))
          .isEqualTo(l0.get(i - 1).maxTxid() + 1);
    }
    assertThat(l0.getLast().maxTxid())
        .as("last L0 TXID")
        .isGreaterThanOrEqualTo(outcome.localTxid());
    new Restorer(replica)
        .restore(RestoreTarget.latest(), restoreTo, IntegrityCheck.FULL, RestoreProgress.NONE);
    List<String> primaryRows = LoadedServer.rows(primary);
    assertThat(primaryRows).as("rows of the primary").hasSize(outcome.acknowledged());
    assertThat(LoadedServer.rows(restoreTo))
        .as("rows restored from the replica")
        .isEqualTo(primaryRows);
  }
}
