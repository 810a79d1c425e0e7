package dev.sqliterest.ltx;

/**
 * A replication position: the last TXID applied and the database checksum after it (0 when, as in
 * Litestream v0.5, checksums are not tracked). Printed as {@code <txid16>/<checksum16>}.
 */
public record Pos(Txid txid, long postApplyChecksum) {

  /** The position an LTX file leaves the database at. */
  public static Pos of(LtxFileInfo info) {
    return new Pos(new Txid(info.header().maxTxid()), info.trailer().postApplyChecksum());
  }

  @Override
  public String toString() {
    return txid + "/" + Bytes.hex(postApplyChecksum);
  }
}
