package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: the nearest directory up that holds {@code mvnw}. */
final class RepoFiles {

  private RepoFiles() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("repository root (holds mvnw)").isNotNull();
    return dir;
  }
}
