package dev.sqliterest.replication;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The WAL was restarted (or truncated) while the engine read frames it had validated, so the pages
 * read may belong to later transactions: what was being written must be thrown away and read again
 * from the new WAL. This happens when the read fence holds SQLite's read-lock 0 (it began on a
 * fully backfilled WAL), which does not keep a writer from restarting the WAL.
 */
final class WalRestartedException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Attempts in all before the exception is let through as a failure. */
  private static final int ATTEMPTS = 3;

  private WalRestartedException(String message) {
    super(message);
  }

  static WalRestartedException of(Path db) {
    return new WalRestartedException(
        "the wal of " + db + " was restarted while its frames were read");
  }

  @FunctionalInterface
  interface IoWork<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code work} again while the WAL restarts under it. Once restarted, the WAL cannot restart
   * again before the fence is released, so a second attempt normally suffices.
   */
  static <T> T retrying(IoWork<T> work) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.run();
      } catch (WalRestartedException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
