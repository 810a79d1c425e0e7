package dev.sqliterest.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.testing.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No catch block in main code is empty or holds only a comment: a caught failure is handled
 * (retried, turned into another answer, rethrown) or at least logged, never silently dropped.
 */
final class NoSwallowedErrorsTest {

  private static final Pattern EMPTY_CATCH =
      Pattern.compile("catch\\s*\\(([^)]*)\\)\\s*\\{((?:\\s*//[^\\n]*\\n)*\\s*)\\}");

  @Test
  void everyCatchInMainCodeHandlesOrLogs() throws IOException {
    Path root = RepoRoot.path();
    List<String> swallowed = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(root)) {
      sources =
          walk.filter(p -> p.toString().endsWith(".java"))
              .filter(p -> root.relativize(p).toString().contains("/src/main/java/"))
              .filter(p -> !root.relativize(p).toString().startsWith("."))
              .toList();
    }
    for (Path source : sources) {
      String text = Files.readString(source);
      Matcher m = EMPTY_CATCH.matcher(text);
      while (m.find()) {
        int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
        swallowed.add(root.relativize(source) + ":" + line + " catch (" + m.group(1) + ")");
      }
    }
    assertThat(sources).hasSizeGreaterThan(100);
    assertThat(swallowed).isEmpty();
  }
}
