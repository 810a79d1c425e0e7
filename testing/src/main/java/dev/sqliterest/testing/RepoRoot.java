package dev.sqliterest.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root directory: the nearest directory above the working one holding mvnw. */
public final class RepoRoot {

  private RepoRoot() {}

  /** The root, or an {@link IllegalStateException} when the tests run outside the repository. */
  public static Path path() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no mvnw above " + start + ": run from inside the repository");
  }

  /** {@code other} relative to the root, e.g. {@code resolve("README.md")}. */
  public static Path resolve(String other) {
    return path().resolve(other);
  }
}
