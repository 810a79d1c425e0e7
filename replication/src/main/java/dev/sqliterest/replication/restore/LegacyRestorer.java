package dev.sqliterest.replication.restore;

import dev.sqliterest.ltx.Lz4;
import dev.sqliterest.replication.client.LegacyReplicaReader;
import dev.sqliterest.replication.client.LegacyWalSegmentInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Applies a {@link LegacyPlan} (Litestream v0.3 layout, docs/FORMAT.md) to a temp database: the
 * LZ4-decoded snapshot becomes the database file, each WAL index's segments are concatenated into
 * its {@code -wal} and checkpointed by SQLite, which validates salts, checksums and commit frames.
 *
 * <p>Segments of one index must tile it from offset 0 without holes, and indexes must follow each
 * other from the snapshot's index; otherwise the restore fails naming the missing segment.
 */
final class LegacyRestorer {

  private final LegacyReplicaReader replica;

  LegacyRestorer(LegacyReplicaReader replica) {
    this.replica = replica;
  }

  /** Writes the plan's database to {@code db} (a temp path); returns the last WAL index applied. */
  long apply(LegacyPlan plan, Path db, ProgressTracker progress) throws IOException {
    try (InputStream in = decoded(replica.openSnapshot(plan.snapshot()), progress);
        OutputStream out = Files.newOutputStream(db)) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new RestoreException(
          "read v0.3 snapshot "
              + plan.snapshot().generation()
              + "/"
              + plan.snapshot().fileName()
              + ": "
              + e.getMessage(),
          e);
    }
    progress.fileDone();
    Path wal = RestoreOutput.sibling(db, "-wal");
    long index = -1;
    long expectedIndex = plan.snapshot().index();
    long written = 0;
    for (LegacyWalSegmentInfo seg : plan.segments()) {
      if (seg.offset() == 0) {
        if (index >= 0) {
          SqliteChecks.checkpoint(db);
        }
        if (seg.index() != expectedIndex) {
          throw new RestoreException(
              String.format(
                  "missing v0.3 WAL index %08x in generation %s (next segment is %s)",
                  expectedIndex, seg.generation(), seg.fileName()));
        }
        index = seg.index();
        expectedIndex = index + 1;
        written = 0;
        Files.deleteIfExists(wal);
      } else if (seg.index() != index || seg.offset() != written) {
        throw new RestoreException(
            String.format(
                "missing v0.3 WAL segment before %s in generation %s (have %08x bytes of index"
                    + " %08x)",
                seg.fileName(), seg.generation(), written, Math.max(index, 0)));
      }
      written += appendSegment(seg, wal, progress);
      progress.fileDone();
    }
    if (index >= 0) {
      SqliteChecks.checkpoint(db);
    }
    RestoreOutput.deleteSidecars(db);
    return index;
  }

  private long appendSegment(LegacyWalSegmentInfo seg, Path wal, ProgressTracker progress)
      throws IOException {
    try (InputStream in = decoded(replica.openWalSegment(seg), progress);
        OutputStream out =
            Files.newOutputStream(wal, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      return in.transferTo(out);
    } catch (IOException e) {
      throw new RestoreException(
          "read v0.3 wal segment "
              + seg.generation()
              + "/"
              + seg.fileName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static InputStream decoded(InputStream raw, ProgressTracker progress) throws IOException {
    return Lz4.decodingStream(new CountingInputStream(raw, progress::bytes));
  }
}
