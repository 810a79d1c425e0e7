package dev.sqliterest.replication.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A replica's storage, in Litestream's vocabulary: LTX files addressed by level and TXID range.
 *
 * <p>Implementations are thread-safe. Missing files surface as {@link
 * java.nio.file.NoSuchFileException}; every other failure is an {@link IOException} naming the
 * replica and the file. A replica written by Litestream v0.3 is read through {@link #legacy()}.
 */
public interface ReplicaClient extends AutoCloseable {

  /** Short backend name as Litestream reports it: {@code file}, {@code s3}. */
  String type();

  /** The URL this client was opened from (for messages and logs). */
  String url();

  /**
   * Lists the LTX files of {@code level} whose min TXID is at least {@code seekTxid} (0 = all),
   * sorted by min then max TXID. With {@code useMetadata}, CreatedAt comes from the stored {@code
   * litestream-timestamp} where the backend keeps one (slower on S3: one HEAD per file). A level
   * that does not exist lists as empty.
   */
  List<LtxFileInfo> ltxFiles(int level, long seekTxid, boolean useMetadata) throws IOException;

  /**
   * Lists the LTX files of every level (0 to {@link Levels#MAX}) as {@link #ltxFiles} does, level
   * by level from the lowest: compaction moves files up, so a file compacted while this lists is
   * seen at least once. A remote client may list all levels in one request.
   */
  default Map<Integer, List<LtxFileInfo>> ltxFilesOfAllLevels(boolean useMetadata)
      throws IOException {
    Map<Integer, List<LtxFileInfo>> levels = new TreeMap<>();
    for (int level = 0; level <= Levels.MAX; level++) {
      levels.put(level, ltxFiles(level, 0, useMetadata));
    }
    return levels;
  }

  /**
   * Opens an LTX file for reading from byte {@code offset}; {@code size} > 0 limits the stream to
   * that many bytes, 0 reads to the end.
   */
  InputStream openLtxFile(int level, long minTxid, long maxTxid, long offset, long size)
      throws IOException;

  /**
   * Writes a complete LTX file atomically (readers never see a partial file) and returns its
   * listing entry. The stream must start with a valid 100-byte LTX header: its timestamp becomes
   * the file's CreatedAt (file mtime, S3 {@code litestream-timestamp} metadata), as in Litestream.
   */
  LtxFileInfo writeLtxFile(int level, long minTxid, long maxTxid, InputStream data)
      throws IOException;

  /** Deletes the given files; files that are already gone are not an error. */
  void deleteLtxFiles(List<LtxFileInfo> files) throws IOException;

  /** Deletes every LTX file of the replica (all levels). Legacy v0.3 data is left alone. */
  void deleteAll() throws IOException;

  /**
   * True when an upload costs no request fee (a file replica): then syncs that a waiting write
   * needs run back to back instead of keeping the minimum spacing that caps S3 PUTs.
   */
  default boolean uploadsAreFree() {
    return false;
  }

  /** The Litestream v0.3 data at this replica's location, read-only (restores only). */
  default LegacyReplicaReader legacy() {
    return LegacyReplicaReader.NONE;
  }

  @Override
  void close() throws IOException;
}
