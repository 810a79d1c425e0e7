package dev.sqliterest.replication.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Read-only access to a Litestream v0.3 layout ({@code generations/…}) at a replica's location, for
 * restores only: this project never writes it (docs/FORMAT.md, "Legacy v0.3 layout"). Thread-safe;
 * failures as in {@link ReplicaClient}.
 */
public interface LegacyReplicaReader {

  /** A location without any v0.3 data. */
  LegacyReplicaReader NONE =
      new LegacyReplicaReader() {
        @Override
        public List<String> generations() {
          return List.of();
        }

        @Override
        public List<LegacySnapshotInfo> snapshots(String generation) {
          return List.of();
        }

        @Override
        public List<LegacyWalSegmentInfo> walSegments(String generation) {
          return List.of();
        }

        @Override
        public InputStream openSnapshot(LegacySnapshotInfo snapshot) throws IOException {
          throw new java.nio.file.NoSuchFileException(snapshot.fileName());
        }

        @Override
        public InputStream openWalSegment(LegacyWalSegmentInfo segment) throws IOException {
          throw new java.nio.file.NoSuchFileException(segment.fileName());
        }
      };

  /** Generation ids (16 lowercase hex digits) under {@code generations/}, sorted. */
  List<String> generations() throws IOException;

  /** The snapshots of one generation, sorted by index. */
  List<LegacySnapshotInfo> snapshots(String generation) throws IOException;

  /** The WAL segments of one generation, sorted by index then offset. */
  List<LegacyWalSegmentInfo> walSegments(String generation) throws IOException;

  /** Opens a snapshot's stored bytes (an LZ4 frame stream of the database file). */
  InputStream openSnapshot(LegacySnapshotInfo snapshot) throws IOException;

  /** Opens a WAL segment's stored bytes (an LZ4 frame stream of raw WAL bytes). */
  InputStream openWalSegment(LegacyWalSegmentInfo segment) throws IOException;
}
