package dev.sqliterest.replication;

import dev.sqliterest.sqlite.ReadableFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The marker a clean shutdown leaves in the meta directory: the local TXID and a checksum of the
 * database file right after the engine checkpointed (TRUNCATE) everything it had shipped.
 *
 * <p>Why: SQLite deletes the WAL when the last connection closes (sqlite-jdbc cannot set
 * SQLITE_FCNTL_PERSIST_WAL as Litestream does), so after a restart the WAL the last L0 file refers
 * to is gone and the engine could not tell an untouched database from one changed behind its back:
 * it would have to ship a full image on every restart. If the database file still has exactly the
 * checksum recorded here, nothing changed it while the server was down, and the new WAL continues
 * the TXID chain incrementally. The marker is one-shot: it is deleted when read.
 *
 * @param txid the local TXID the database file corresponds to
 * @param size the database file size in bytes
 * @param crc32c CRC-32C of the whole database file
 */
record CleanShutdown(long txid, long size, long crc32c) {

  private static final String FILE = "clean-shutdown";

  /** Describes the database file as it is now. */
  static CleanShutdown of(long txid, ReadableFile database) throws IOException {
    return new CleanShutdown(txid, database.size(), checksum(database));
  }

  void write(Path metaDir) throws IOException {
    String text = txid + " " + size + " " + crc32c + "\n";
    MetaDir.writeAtomically(
        metaDir.resolve(FILE), out -> out.write(text.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Reads and deletes the marker; empty when there is none (or it is unreadable). */
  static Optional<CleanShutdown> take(Path metaDir) throws IOException {
    Path file = metaDir.resolve(FILE);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } finally {
      Files.deleteIfExists(file);
    }
    String[] parts = text.split(" ");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new CleanShutdown(
              Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** True when {@code database} is byte-for-byte the file this marker describes (size and CRC). */
  boolean matches(ReadableFile database) throws IOException {
    return database.size() == size && checksum(database) == crc32c;
  }

  private static long checksum(ReadableFile file) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[1 << 16];
    long at = 0;
    for (int n; (n = file.read(buf, 0, buf.length, at)) > 0; at += n) {
      crc.update(buf, 0, n);
    }
    return crc.getValue();
  }
}
