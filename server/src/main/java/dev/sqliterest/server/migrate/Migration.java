package dev.sqliterest.server.migrate;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One migration version found in the directory: {@code <version>_<title>.up.<ext>} and/or {@code
 * <version>_<title>.down.<ext>}. Either file may be missing; golang-migrate then only moves the
 * version, and so do we.
 */
public record Migration(long version, String title, Optional<Path> up, Optional<Path> down) {

  public Optional<Path> file(Direction direction) {
    return direction == Direction.UP ? up : down;
  }

  /** {@code 1_create_books}, for messages. */
  public String name() {
    return version + "_" + title;
  }
}
