package dev.sqliterest.replication.restore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where a restore writes: {@code <out>.tmp} (plus SQLite's {@code -wal}/{@code -shm} beside it
 * while checking), which replaces {@code <out>} only after it passed the integrity check. Until
 * {@link #install} nothing at {@code <out>} is touched; {@link #discard} removes every temp file.
 */
final class RestoreOutput implements AutoCloseable {

  private final Path out;
  private final Path tmp;
  private boolean installed;

  RestoreOutput(Path out) throws IOException {
    this.out = out.toAbsolutePath().normalize();
    this.tmp = this.out.resolveSibling(this.out.getFileName() + ".tmp");
    Files.createDirectories(this.out.getParent());
    discard(); // leftovers of an earlier crashed restore
  }

  Path tmp() {
    return tmp;
  }

  Path out() {
    return out;
  }

  /**
   * Checks the temp database, then moves it into place: stale {@code <out>-wal}/{@code -shm} are
   * removed first (SQLite would otherwise replay an old WAL over the restored file), then the
   * rename, then the directory is fsynced.
   */
  void install(IntegrityCheck check) throws IOException {
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    SqliteChecks.check(tmp, check);
    deleteSidecars(tmp);
    deleteSidecars(out);
    Files.deleteIfExists(sibling(out, "-journal"));
    Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(out.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      if (System.getProperty("os.name", "").startsWith("Linux")) {
        throw e;
      }
    }
    installed = true;
  }

  /** Removes the temp database and its sidecars. */
  void discard() throws IOException {
    Files.deleteIfExists(tmp);
    deleteSidecars(tmp);
  }

  static Path sibling(Path p, String suffix) {
    return p.resolveSibling(p.getFileName() + suffix);
  }

  static void deleteSidecars(Path db) throws IOException {
    Files.deleteIfExists(sibling(db, "-wal"));
    Files.deleteIfExists(sibling(db, "-shm"));
  }

  @Override
  public void close() throws IOException {
    if (!installed) {
      discard();
    }
  }
}
