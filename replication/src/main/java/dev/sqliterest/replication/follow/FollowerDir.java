package dev.sqliterest.replication.follow;

import dev.sqliterest.ltx.LtxFileName;
import dev.sqliterest.replication.client.DirectorySync;
import dev.sqliterest.replication.client.LtxFileInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A follower's directory beside its database, {@code .<db file name>-follower/}: its existence
 * marks the database as a follower's (a follower never takes over another database), {@code
 * incoming/} holds the files of the step in progress, and {@code stopped} records, after a graceful
 * stop only, the replica followed and the file applied last. A follower that finds no such record
 * (it crashed, or was killed while applying) does not trust its database and restores it.
 */
public final class FollowerDir {

  private static final String STOPPED = "stopped";

  private final Path dir;

  public FollowerDir(Path database) {
    Path abs = database.toAbsolutePath().normalize();
    this.dir = abs.resolveSibling("." + abs.getFileName() + "-follower");
  }

  public Path path() {
    return dir;
  }

  public boolean exists() {
    return Files.isDirectory(dir);
  }

  /** Creates the directory and an empty {@code incoming/} (leftovers of a crash are removed). */
  public void prepare() throws IOException {
    Files.createDirectories(incoming());
    try (DirectoryStream<Path> files = Files.newDirectoryStream(incoming())) {
      for (Path p : files) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Where a step downloads its files. */
  public Path incoming() {
    return dir.resolve("incoming");
  }

  /**
   * The file applied last before a graceful stop, when that stop followed {@code replicaUrl}; empty
   * otherwise (no record, another replica, or a record that does not parse).
   */
  public Optional<LtxFileInfo> stoppedAt(String replicaUrl) throws IOException {
    Map<String, String> fields = new HashMap<>();
    try (InputStream in = Files.newInputStream(dir.resolve(STOPPED))) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (!replicaUrl.equals(fields.get("replica"))) {
      return Optional.empty();
    }
    try {
      Optional<LtxFileName> name = LtxFileName.parse(fields.getOrDefault("file", ""));
      if (name.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new LtxFileInfo(
              Integer.parseInt(fields.get("level")),
              name.get().minTxid(),
              name.get().maxTxid(),
              Long.parseLong(fields.get("size")),
              Instant.ofEpochMilli(Long.parseLong(fields.get("created")))));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Records (durably) a graceful stop after applying {@code last} from {@code replicaUrl}. */
  public void recordStop(String replicaUrl, LtxFileInfo last) throws IOException {
    String text =
        "replica="
            + replicaUrl
            + "\nfile="
            + last.name().fileName()
            + "\nlevel="
            + last.level()
            + "\nsize="
            + last.size()
            + "\ncreated="
            + last.createdAt().toEpochMilli()
            + "\n";
    Path tmp = dir.resolve(STOPPED + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, dir.resolve(STOPPED), StandardCopyOption.ATOMIC_MOVE);
    DirectorySync.fsync(dir);
  }

  /** Removes the record (durably) before the database changes again. */
  public void forgetStop() throws IOException {
    if (Files.deleteIfExists(dir.resolve(STOPPED))) {
      DirectorySync.fsync(dir);
    }
  }
}
