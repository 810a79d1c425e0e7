package dev.sqliterest.replication.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A replica's storage, in Litestream's vocabulary: LTX files addressed by level and TXID range.
 *
 * <p>Implementations are thread-safe. Missing files surface as {@link
 * java.nio.file.NoSuchFileException}; every other failure is an {@link IOException} naming the
 * replica and the file. The legacy v0.3 methods are read-only: this project never writes the v0.3
 * layout (docs/FORMAT.md, "Paths").
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

  /** Legacy v0.3: generation ids (16 lowercase hex digits) under {@code generations/}, sorted. */
  List<String> generationsV3() throws IOException;

  /** Legacy v0.3: the snapshots of one generation, sorted by index. */
  List<LegacySnapshotInfo> snapshotsV3(String generation) throws IOException;

  /** Legacy v0.3: the WAL segments of one generation, sorted by index then offset. */
  List<LegacyWalSegmentInfo> walSegmentsV3(String generation) throws IOException;

  /** Legacy v0.3: opens a snapshot's stored bytes (an LZ4 frame stream of the database file). */
  InputStream openSnapshotV3(LegacySnapshotInfo snapshot) throws IOException;

  /** Legacy v0.3: opens a WAL segment's stored bytes (an LZ4 frame stream of raw WAL bytes). */
  InputStream openWalSegmentV3(LegacyWalSegmentInfo segment) throws IOException;

  @Override
  void close() throws IOException;
}
