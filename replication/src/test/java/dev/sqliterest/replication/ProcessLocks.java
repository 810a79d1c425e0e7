package dev.sqliterest.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The POSIX locks this process holds on one file, read from {@code /proc/locks} (Linux): how a test
 * sees that SQLite's locks on the live database survive code that reads it.
 */
final class ProcessLocks {

  private ProcessLocks() {}

  /** Number of POSIX lock ranges this JVM holds on {@code file}'s inode. */
  static long heldOn(Path file) throws IOException {
    long inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
    long pid = ProcessHandle.current().pid();
    // "1: POSIX  ADVISORY  READ 4711 fd:01:1234567 1073741826 1073741826"
    return Files.readAllLines(Path.of("/proc/locks")).stream()
        .map(line -> line.trim().split("\\s+"))
        .filter(f -> f.length >= 6 && f[1].equals("POSIX"))
        .filter(f -> f[4].equals(Long.toString(pid)))
        .filter(f -> f[5].endsWith(":" + inode))
        .count();
  }
}
