package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.testing.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/CONFIGURATION.md} is what {@link ConfigurationReference} generates from the code.
 * When an option changes, regenerate it:
 *
 * <pre>
 * ./mvnw -pl server -am test -Dtest=ConfigurationReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dsqliterest.regenerate=true
 * </pre>
 */
final class ConfigurationReferenceTest {

  @Test
  void checkedInReferenceIsTheGeneratedOne() throws IOException {
    Path file = RepoRoot.path().resolve("docs/CONFIGURATION.md");
    String generated = ConfigurationReference.markdown();
    if (Boolean.getBoolean("sqliterest.regenerate")) {
      Files.writeString(file, generated);
    }
    assertThat(Files.exists(file) ? Files.readString(file) : "")
        .as(
            "docs/CONFIGURATION.md is stale; regenerate it with ./mvnw -pl server -am test"
                + " -Dtest=ConfigurationReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dsqliterest.regenerate=true")
        .isEqualTo(generated);
  }
}
