package dev.sqliterest.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file parsed once and re-parsed only when it changes on disk, so keys rotate without a restart.
 *
 * <p>Each {@link #get()} costs one {@code stat} (mtime, size and file key, which also catches the
 * atomic symlink swap Kubernetes uses for mounted secrets). When the changed file cannot be read or
 * parsed (say, caught half-written), the last good value stays in use and a warning is logged once
 * per change: rejecting every request because of a rotation in progress would be worse.
 */
final class WatchedFile<T> {

  private static final Logger LOG = LoggerFactory.getLogger(WatchedFile.class);

  /** Parses the raw file content. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(byte[] content) throws IOException;
  }

  private record Stamp(FileTime modified, long size, Object fileKey) {
    static Stamp of(Path path) throws IOException {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
    }
  }

  private record Loaded<T>(Stamp stamp, T value) {}

  private final Path path;
  private final Parser<T> parser;
  private volatile Loaded<T> current;
  private volatile Stamp lastFailure;

  private WatchedFile(Path path, Parser<T> parser, Loaded<T> first) {
    this.path = path;
    this.parser = parser;
    this.current = first;
  }

  /** Reads and parses {@code path} now; any failure here is fatal (bad configuration). */
  static <T> WatchedFile<T> load(Path path, Parser<T> parser) throws IOException {
    Objects.requireNonNull(path, "path");
    Stamp stamp = Stamp.of(path);
    T value = parser.parse(Files.readAllBytes(path));
    return new WatchedFile<>(path, parser, new Loaded<>(stamp, value));
  }

  Path path() {
    return path;
  }

  /** The parsed value for the file as it is on disk now (or the last good one, see class doc). */
  T get() {
    Loaded<T> loaded = current;
    Stamp now;
    try {
      now = Stamp.of(path);
    } catch (IOException e) {
      warnOnce(null, e);
      return loaded.value();
    }
    if (now.equals(loaded.stamp())) {
      return loaded.value();
    }
    return reload(now);
  }

  private synchronized T reload(Stamp now) {
    Loaded<T> loaded = current;
    if (now.equals(loaded.stamp()) || now.equals(lastFailure)) {
      return loaded.value();
    }
    try {
      T value = parser.parse(Files.readAllBytes(path));
      current = new Loaded<>(now, value);
      LOG.info("reloaded key file {}", path);
      return value;
    } catch (IOException e) {
      warnOnce(now, e);
      return loaded.value();
    }
  }

  private void warnOnce(Stamp stamp, IOException e) {
    if (stamp == null || !stamp.equals(lastFailure)) {
      lastFailure = stamp;
      LOG.warn(
          "key file {} changed but cannot be used, keeping the previous key: {}",
          path,
          e.getMessage());
    }
  }
}
