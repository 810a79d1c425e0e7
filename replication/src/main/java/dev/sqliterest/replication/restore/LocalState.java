package dev.sqliterest.replication.restore;

import dev.sqliterest.ltx.LtxFileName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the local side knows before serving: whether the database file exists and, from Litestream's
 * local meta directory ({@code .<db>-litestream/ltx/0/}, docs/FORMAT.md, "Meta directory and
 * position"), its position — the newest L0 TXID, that file's header timestamp (the last replicated
 * change) and the file checksums of local L0 files (to prove the local database and the replica
 * share a lineage).
 */
public final class LocalState {

  private final Path db;
  private final Path metaDir;
  private final Path level0;

  public LocalState(Path db, Path metaDir) {
    this.db = db.toAbsolutePath().normalize();
    this.metaDir = metaDir;
    this.level0 = metaDir.resolve("ltx").resolve("0");
  }

  /** Litestream's default meta directory: {@code <dir>/.<name>-litestream}. */
  public static Path defaultMetaDir(Path db) {
    Path abs = db.toAbsolutePath().normalize();
    return abs.resolveSibling("." + abs.getFileName() + "-litestream");
  }

  public Path db() {
    return db;
  }

  /** Whether a non-empty database file exists. */
  public boolean databaseExists() throws IOException {
    return Files.exists(db) && Files.size(db) > 0;
  }

  /** The newest local L0 TXID, or empty when there is no local replication state. */
  public OptionalLong txid() throws IOException {
    long newest = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(level0, "*.ltx")) {
      for (Path p : files) {
        Optional<LtxFileName> n = LtxFileName.parse(p.getFileName().toString());
        if (n.isPresent()
            && n.get().minTxid() == n.get().maxTxid()
            && Long.compareUnsigned(n.get().maxTxid(), newest) > 0) {
          newest = n.get().maxTxid();
        }
      }
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
    return newest == 0 ? OptionalLong.empty() : OptionalLong.of(newest);
  }

  /** The header timestamp of local L0 file {@code txid}: when that change was replicated. */
  public Instant timestamp(long txid) throws IOException {
    try (InputStream in = Files.newInputStream(l0(txid))) {
      byte[] h = in.readNBytes(40);
      if (h.length < 40) {
        throw new RestoreException("local ltx file " + l0(txid) + " is truncated");
      }
      return Instant.ofEpochMilli(ByteBuffer.wrap(h).getLong(32));
    }
  }

  /** The file checksum (last 8 bytes) of local L0 file {@code txid}, if that file is still kept. */
  public OptionalLong fileChecksum(long txid) throws IOException {
    try (FileChannel ch = FileChannel.open(l0(txid), StandardOpenOption.READ)) {
      if (ch.size() < 108) {
        return OptionalLong.empty();
      }
      ByteBuffer b = ByteBuffer.allocate(8);
      ch.read(b, ch.size() - 8);
      return OptionalLong.of(b.getLong(0));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Whether a restore before serving started and did not finish: from before the restored file is
   * installed until its L0 file is adopted, the database and the local position disagree.
   */
  public boolean restoreUnfinished() {
    return Files.exists(restoreMarker());
  }

  /** Records (durably) that a restore before serving is starting. */
  void markRestoring() throws IOException {
    Files.createDirectories(metaDir);
    try (FileChannel ch =
        FileChannel.open(restoreMarker(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try (FileChannel dir = FileChannel.open(metaDir, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /** The restore before serving finished (or failed leaving the database untouched). */
  void restoreFinished() throws IOException {
    Files.deleteIfExists(restoreMarker());
  }

  private Path restoreMarker() {
    return metaDir.resolve("restoring");
  }

  private Path l0(long txid) {
    return level0.resolve(new LtxFileName(txid, txid).fileName());
  }

  /** Local L0 directory (cleared after a restore so replication continues from the replica). */
  Path level0() {
    return level0;
  }
}
