package dev.sqliterest.replication;

import java.io.IOException;

/**
 * The replica needs an L0 file that no longer exists locally, so the TXID chain cannot be continued
 * file by file; the engine bridges the gap with a level-9 snapshot.
 */
final class LtxGapException extends IOException {

  private static final long serialVersionUID = 1L;

  private final long missingTxid;

  LtxGapException(long missingTxid, String replicaUrl) {
    super(
        "local L0 file "
            + String.format("%016x", missingTxid)
            + " needed by replica "
            + replicaUrl
            + " is gone");
    this.missingTxid = missingTxid;
  }

  long missingTxid() {
    return missingTxid;
  }
}
