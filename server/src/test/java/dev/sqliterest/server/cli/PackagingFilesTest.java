package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.server.Wiring;
import dev.sqliterest.testing.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The Dockerfile, the systemd files and the Helm chart configure the server through {@code
 * SQLITEREST_*} variables; a renamed or misspelt one would be silently ignored there. These tests
 * hold every name against the command line. (The files themselves are linted, installed, run and
 * rendered by {@code .ci/check-packaging}.)
 */
final class PackagingFilesTest {

  private static final Pattern VARIABLE = Pattern.compile("SQLITEREST_[A-Z0-9_]+");

  /** Read by the launcher ({@code packaging/sqlite-rest}), not by the server. */
  private static final Set<String> LAUNCHER = Set.of("SQLITEREST_JAVA_OPTS");

  private static Path root;

  @BeforeAll
  static void findRoot() {
    root = RepoRoot.path();
  }

  private static CommandLine cli(Map<String, String> environment) {
    return Cli.commandLine(new CliRun(environment, Path.of(""), Wiring.defaults()).context);
  }

  private static Set<String> serveVariables() {
    Set<String> names = new TreeSet<>();
    for (OptionSpec option :
        cli(Map.of()).getSubcommands().get("serve").getCommandSpec().options()) {
      String variable = EnvironmentDefaults.variableFor(option);
      if (variable != null) {
        names.add(variable);
      }
    }
    return names;
  }

  private static List<Path> packagingFiles() throws IOException {
    try (Stream<Path> packaging = Files.walk(root.resolve("packaging"));
        Stream<Path> chart = Files.walk(root.resolve("charts"))) {
      return Stream.concat(Stream.of(root.resolve("Dockerfile")), Stream.concat(packaging, chart))
          .filter(Files::isRegularFile)
          .toList();
    }
  }

  @Test
  void everyVariableInThePackagingFilesIsAServeSetting() throws IOException {
    Set<String> known = serveVariables();
    int seen = 0;
    for (Path file : packagingFiles()) {
      Matcher m = VARIABLE.matcher(Files.readString(file));
      while (m.find()) {
        String name = m.group();
        seen++;
        if (LAUNCHER.contains(name)) {
          continue;
        }
        assertThat(known)
            .as(root.relativize(file) + " names " + name + ", which serve does not read")
            .contains(name);
      }
    }
    assertThat(seen).as("variables found").isGreaterThan(30);
  }

  /** The example environment file, used as the environment, gives serve valid values. */
  @Test
  void systemdEnvironmentFileParses() throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(root.resolve("packaging/systemd/sqlite-rest.env"))) {
      int eq = line.indexOf('=');
      if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    assertThat(env).containsKeys("SQLITEREST_DB_DSN", "SQLITEREST_AUTH_TOKEN_FILE");
    ServeCommand serve =
        cli(env).parseArgs("serve").subcommand().commandSpec().commandLine().getCommand();
    assertThat(serve.dbDsn).isEqualTo("/var/lib/sqlite-rest/app.db");
    assertThat(serve.shutdownTimeout).hasSeconds(10);
    assertThat(serve.allowTables).containsExactly("todos");
  }
}
