package dev.sqliterest.replication.client.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Fsyncs a directory so a rename inside it survives a crash (no-op where the OS refuses). */
final class DirectorySync {

  private DirectorySync() {}

  static void fsync(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; Linux can, and there this must succeed.
      if (System.getProperty("os.name", "").startsWith("Linux")) {
        throw new IOException("fsync directory " + dir + ": " + e.getMessage(), e);
      }
    }
  }
}
