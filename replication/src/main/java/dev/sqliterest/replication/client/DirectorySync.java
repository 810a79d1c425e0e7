package dev.sqliterest.replication.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Fsyncs a directory so that a rename inside it survives a crash: the one rule for every atomic
 * write (replica files, the meta directory, restores). On Linux a failure is an error, since the
 * rename may otherwise be lost; only platforms that cannot open a directory at all (Windows) skip
 * it.
 */
public final class DirectorySync {

  private static final boolean REQUIRED = System.getProperty("os.name", "").startsWith("Linux");

  private DirectorySync() {}

  public static void fsync(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (REQUIRED) {
        throw new IOException("fsync directory " + dir + ": " + e.getMessage(), e);
      }
    }
  }
}
