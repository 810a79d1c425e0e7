package dev.sqliterest.replication.restore;

import dev.sqliterest.replication.client.DirectorySync;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Where a restore writes: a temporary file beside the output with a name no one else uses, {@code
 * <out>.restore-<random>.tmp} (created new, so an existing file is never taken over), plus SQLite's
 * {@code -wal}/{@code -shm} beside it while checking. It replaces {@code <out>} only after it
 * passed the integrity check. Until {@link #install} nothing at {@code <out>} is touched; {@link
 * #discard} removes the temporary file and its sidecars, and nothing else: files a restore did not
 * create, such as the leftovers of another or an earlier restore, are never deleted.
 */
final class RestoreOutput implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path out;
  private final Path tmp;
  private boolean installed;

  RestoreOutput(Path out) throws IOException {
    this.out = out.toAbsolutePath().normalize();
    Files.createDirectories(this.out.getParent());
    this.tmp = claimTemporaryName(this.out);
  }

  private static Path claimTemporaryName(Path out) throws IOException {
    for (int attempt = 1; ; attempt++) {
      String random = Long.toHexString(RANDOM.nextLong() >>> 16);
      Path candidate = out.resolveSibling(out.getFileName() + ".restore-" + random + ".tmp");
      try {
        return Files.createFile(candidate);
      } catch (FileAlreadyExistsException taken) {
        // another restore's file: leave it alone and draw again (48 random bits rarely collide)
        if (attempt == 16) {
          throw new IOException("no free temporary name beside " + out, taken);
        }
      }
    }
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
   * rename, then the directory is fsynced. The file's fsync runs on a thread of its own while
   * SQLite checks the file (the check reads what the restore wrote, from memory); both have ended,
   * and succeeded, before the rename.
   */
  void install(IntegrityCheck check) throws IOException {
    // open before the check and closed after it: closing a descriptor of a file drops every POSIX
    // lock this process holds on it, the checking SQLite connection's included
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      FutureTask<Void> fsync =
          new FutureTask<>(
              () -> {
                ch.force(true);
                return null;
              });
      if (check == IntegrityCheck.NONE) {
        fsync.run();
      } else {
        Thread.ofPlatform().daemon().name("restore-fsync").start(fsync);
      }
      try {
        SqliteChecks.check(tmp, check);
      } finally {
        awaitFsync(fsync); // a failed check must not delete the file under a running fsync
      }
    }
    deleteSidecars(tmp);
    deleteSidecars(out);
    Files.deleteIfExists(sibling(out, "-journal"));
    Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    DirectorySync.fsync(out.getParent());
    installed = true;
  }

  private void awaitFsync(FutureTask<Void> fsync) throws IOException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          fsync.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw new RestoreException("fsync of " + tmp + " failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
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
