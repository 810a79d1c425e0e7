package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rest module's stage rules (docs/ARCHITECTURE.md): a stage imports only earlier stages
 * (grammar → request → plan → sql → response), {@code schema} and {@code error} from anywhere,
 * subpackages never the facade package, pure stages no JDBC, and nothing but {@code
 * rest.schema.SchemaLoader} and the facade touches a connection. Checked on the sources.
 */
final class StageDependencyTest {

  private static final Path MAIN = Path.of("src/main/java/dev/sqliterest/rest");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?([\\w.]+);", Pattern.MULTILINE);

  private static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "error", Set.of(),
          "grammar", Set.of(),
          "schema", Set.of(),
          "request", Set.of("grammar", "error", "schema"),
          "plan", Set.of("request", "grammar", "schema", "error"),
          "sql", Set.of("plan", "request", "grammar", "schema", "error"),
          "response", Set.of("sql", "plan", "request", "grammar", "schema", "error"),
          "openapi", Set.of("request", "grammar", "schema", "error"));

  private static final Set<String> PURE =
      Set.of("grammar", "request", "plan", "sql", "error", "openapi");

  @Test
  void stages_importOnlyEarlierStages() throws IOException {
    List<String> violations = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, Set<String>> stage : ALLOWED.entrySet()) {
      try (Stream<Path> files = Files.list(MAIN.resolve(stage.getKey()))) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = IMPORT.matcher(Files.readString(file));
          while (m.find()) {
            String imported = m.group(1);
            checked++;
            if (imported.startsWith("dev.sqliterest.")) {
              String rest = imported.substring("dev.sqliterest.".length());
              String[] parts = rest.split("\\.");
              boolean ok =
                  parts[0].equals("rest")
                      && parts.length > 2
                      && Character.isLowerCase(parts[1].charAt(0))
                      && (parts[1].equals(stage.getKey()) || stage.getValue().contains(parts[1]));
              if (!ok) {
                violations.add(file.getFileName() + " imports " + imported);
              }
            }
            if (PURE.contains(stage.getKey())
                && (imported.startsWith("java.sql")
                    || imported.startsWith("java.nio.file")
                    || imported.startsWith("java.net.Socket")
                    || imported.startsWith("org.sqlite"))) {
              violations.add(file.getFileName() + " (pure stage) imports " + imported);
            }
          }
        }
      }
    }
    assertThat(checked).as("imports seen").isGreaterThan(50);
    assertThat(violations).isEmpty();
  }
}
