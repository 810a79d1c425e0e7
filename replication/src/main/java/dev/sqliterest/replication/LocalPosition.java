package dev.sqliterest.replication;

import dev.sqliterest.ltx.LtxHeader;

/**
 * Where local replication stands: the newest L0 TXID and the WAL range it was built from, read back
 * from that file's header (Litestream keeps no other position record). The replica's position is
 * just a TXID ({@code Replica.position}).
 *
 * @param txid newest local TXID
 * @param walOffset start of the WAL range of that L0 file (0 when it carries none)
 * @param walSize bytes of WAL it consumed
 * @param salt1 WAL salt-1 of that range
 * @param salt2 WAL salt-2 of that range
 * @param commit database size in pages after that TXID
 */
record LocalPosition(long txid, long walOffset, long walSize, int salt1, int salt2, int commit) {

  static LocalPosition of(LtxHeader header) {
    return new LocalPosition(
        header.maxTxid(),
        header.walOffset(),
        header.walSize(),
        header.walSalt1(),
        header.walSalt2(),
        header.commit());
  }

  /** A position that only fixes the TXID (no usable WAL range): the next sync writes every page. */
  static LocalPosition txidOnly(long txid) {
    return new LocalPosition(txid, 0, 0, 0, 0, 0);
  }

  /** The WAL offset the next incremental sync resumes at. */
  long end() {
    return walOffset + walSize;
  }

  boolean hasWalRange() {
    return walOffset >= 32;
  }
}
