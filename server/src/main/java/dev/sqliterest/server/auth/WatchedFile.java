package dev.sqliterest.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file parsed once and re-parsed only when it changes on disk, so keys rotate without a restart.
 *
 * <p>{@link #get()} looks at the file at most once per {@code recheck} interval: one {@code stat}
 * (mtime, size and file key, which also catches the atomic symlink swap Kubernetes uses for mounted
 * secrets). sqlite-rest stats on every request; at one check a second the rotation delay is
 * unnoticeable and the ~2 µs stat leaves the hot path. When the changed file cannot be read or
 * parsed (say, caught half-written, or deleted), the last good value stays in use and a warning is
 * logged once per change: rejecting every request because of a rotation in progress would be worse.
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

  /** Stands for "the file could not be stat'ed" in {@link #lastFailure}. */
  private static final Stamp UNREADABLE = new Stamp(FileTime.fromMillis(0), -1, "unreadable");

  private record Loaded<T>(Stamp stamp, T value) {}

  private final Path path;
  private final Parser<T> parser;
  private final long recheckNanos;
  private volatile Loaded<T> current;
  private volatile Stamp lastFailure;
  private volatile long nextCheck;

  private WatchedFile(Path path, Parser<T> parser, Duration recheck, Loaded<T> first) {
    this.path = path;
    this.parser = parser;
    this.recheckNanos = recheck.toNanos();
    this.current = first;
    this.nextCheck = System.nanoTime() + recheckNanos;
  }

  /**
   * Reads and parses {@code path} now (any failure here is fatal: bad configuration), then watches
   * it, looking again at most once per {@code recheck} ({@link Duration#ZERO}: on every get).
   */
  static <T> WatchedFile<T> load(Path path, Duration recheck, Parser<T> parser) throws IOException {
    Objects.requireNonNull(path, "path");
    Stamp stamp = Stamp.of(path);
    T value = parser.parse(Files.readAllBytes(path));
    return new WatchedFile<>(path, parser, recheck, new Loaded<>(stamp, value));
  }

  Path path() {
    return path;
  }

  /** The parsed value for the file as it is on disk now (or the last good one, see class doc). */
  T get() {
    Loaded<T> loaded = current;
    if (recheckNanos > 0) {
      long now = System.nanoTime();
      if (now - nextCheck < 0) {
        return loaded.value();
      }
      nextCheck = now + recheckNanos;
    }
    Stamp stamp;
    try {
      stamp = Stamp.of(path);
    } catch (IOException e) {
      warnOnce(UNREADABLE, e);
      return loaded.value();
    }
    if (stamp.equals(loaded.stamp())) {
      return loaded.value();
    }
    return reload(stamp);
  }

  private synchronized T reload(Stamp stamp) {
    Loaded<T> loaded = current;
    if (stamp.equals(loaded.stamp()) || stamp.equals(lastFailure)) {
      return loaded.value();
    }
    try {
      T value = parser.parse(Files.readAllBytes(path));
      current = new Loaded<>(stamp, value);
      lastFailure = null;
      LOG.info("reloaded key file {}", path);
      return value;
    } catch (IOException e) {
      warnOnce(stamp, e);
      return loaded.value();
    }
  }

  private void warnOnce(Stamp stamp, IOException e) {
    if (!stamp.equals(lastFailure)) {
      lastFailure = stamp;
      LOG.warn(
          "key file {} changed but cannot be used, keeping the previous keys: {}",
          path,
          // our own message already says what is wrong; for I/O errors the type is the news
          e instanceof InvalidKeyFileException ? e.getMessage() : e.toString());
    }
  }
}
