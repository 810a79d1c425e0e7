package dev.sqliterest.replication.client;

import dev.sqliterest.ltx.LtxFileName;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One LTX file as a replica lists it: its level, TXID range, size in bytes and CreatedAt.
 *
 * <p>CreatedAt follows Litestream (docs/FORMAT.md, "Creation time of a listed file"): the file's
 * mtime for file replicas (set to the LTX header timestamp on write), the object's LastModified for
 * S3, or its {@code litestream-timestamp} metadata when the listing was asked for metadata
 * (timestamp restores).
 */
public record LtxFileInfo(int level, long minTxid, long maxTxid, long size, Instant createdAt) {

  /** Litestream's listing order: ascending min TXID, then max TXID (unsigned). */
  public static final Comparator<LtxFileInfo> BY_TXID =
      Comparator.<LtxFileInfo, Long>comparing(LtxFileInfo::minTxid, Long::compareUnsigned)
          .thenComparing(LtxFileInfo::maxTxid, Long::compareUnsigned);

  public LtxFileInfo {
    Levels.requireLevel(level);
    new LtxFileName(minTxid, maxTxid); // validates the range
    if (size < 0) {
      throw new IllegalArgumentException("negative ltx file size " + size);
    }
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The file's name, e.g. {@code 0000000000000001-0000000000000005.ltx}. */
  public LtxFileName name() {
    return new LtxFileName(minTxid, maxTxid);
  }

  /** Same file with another CreatedAt (used when metadata replaces the listing's time). */
  public LtxFileInfo withCreatedAt(Instant newCreatedAt) {
    return new LtxFileInfo(level, minTxid, maxTxid, size, newCreatedAt);
  }

  @Override
  public String toString() {
    return "L" + level + "/" + name().fileName();
  }
}
