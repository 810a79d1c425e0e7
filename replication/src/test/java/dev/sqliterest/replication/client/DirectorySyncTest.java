package dev.sqliterest.replication.client;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DirectorySyncTest {

  @TempDir Path dir;

  @Test
  void fsync_existingDirectory_succeeds() {
    assertThatCode(() -> DirectorySync.fsync(dir)).doesNotThrowAnyException();
  }

  @Test
  void fsync_failureOnLinux_isAnErrorNamingTheDirectory() {
    assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "Linux rule");
    Path gone = dir.resolve("gone");
    assertThatThrownBy(() -> DirectorySync.fsync(gone))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("fsync directory " + gone);
  }
}
