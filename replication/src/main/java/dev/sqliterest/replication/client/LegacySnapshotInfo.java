package dev.sqliterest.replication.client;

import java.time.Instant;

/**
 * A Litestream v0.3 snapshot: {@code generations/<generation>/snapshots/<index>.snapshot.lz4}, the
 * LZ4-framed database file as of WAL index {@code index}.
 */
public record LegacySnapshotInfo(String generation, long index, long size, Instant createdAt) {

  /** The stored file name, e.g. {@code 00000001.snapshot.lz4}. */
  public String fileName() {
    return LegacyNames.formatIndex(index) + ".snapshot.lz4";
  }
}
