package dev.sqliterest.replication.client;

import java.time.Instant;
import java.util.Comparator;

/**
 * A Litestream v0.3 WAL segment: {@code generations/<generation>/wal/<index>_<offset>.wal.lz4}, the
 * LZ4-framed WAL bytes of WAL index {@code index} starting at byte {@code offset}.
 */
public record LegacyWalSegmentInfo(
    String generation, long index, long offset, long size, Instant createdAt) {

  /** The order segments are applied in: by WAL index, then offset. */
  public static final Comparator<LegacyWalSegmentInfo> ORDER =
      Comparator.comparingLong(LegacyWalSegmentInfo::index)
          .thenComparingLong(LegacyWalSegmentInfo::offset);

  /** The stored file name, e.g. {@code 00000000_00004080.wal.lz4}. */
  public String fileName() {
    return LegacyNames.formatIndex(index) + "_" + LegacyNames.formatIndex(offset) + ".wal.lz4";
  }
}
