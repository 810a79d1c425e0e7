package dev.sqliterest.replication.restore;

import dev.sqliterest.replication.client.LtxFileInfo;
import java.util.List;

/**
 * An ordered list of LTX files that together rebuild a database: a file starting at TXID 1 (an L9
 * snapshot or a compaction from TXID 1), then files extending the TXID range contiguously.
 */
public record RestorePlan(List<LtxFileInfo> files) {

  public RestorePlan {
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a restore plan needs at least one file");
    }
  }

  /** The TXID the restored database will be at. */
  public long txid() {
    return files.getLast().maxTxid();
  }

  /** Total bytes to download. */
  public long totalSize() {
    return files.stream().mapToLong(LtxFileInfo::size).sum();
  }
}
