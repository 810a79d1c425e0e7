package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.testing.RepoRoot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's promises held against the real command line (flags, defaults, set-up, links). */
final class ReadmeTest {

  private static String readme;
  private static Path root;

  @BeforeAll
  static void read() throws IOException {
    root = RepoRoot.path();
    readme = Files.readString(root.resolve("README.md"));
  }

  private static CommandLine cli() {
    return Cli.commandLine(
        new CliContext(
            Map.of(),
            Path.of(""),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()),
            () -> {},
            dev.sqliterest.server.Wiring.defaults(),
            app -> {}));
  }

  /** The text of the level-2 section {@code heading}, up to the next level-2 heading. */
  private static String section(String heading) {
    int start = readme.indexOf("\n## " + heading + "\n");
    assertThat(start).as("README section ## " + heading).isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  @Test
  void setUp_isExactlyTheTwoCommands() {
    assertThat(readme.indexOf("\n## ")).isEqualTo(readme.indexOf("\n## Set up\n"));
    Matcher block = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(section("Set up"));
    assertThat(block.find()).isTrue();
    List<String> commands =
        block.group(1).lines().map(l -> l.replaceAll("#.*", "").strip()).toList();
    assertThat(commands).containsExactly("./sqlite-rest demo", "./mvnw verify");
  }

  /** The option reference is generated (ConfigurationReferenceTest); the README links it. */
  @Test
  void configuration_isLinkedNotRepeated() {
    assertThat(readme)
        .contains("(docs/CONFIGURATION.md)", "(docs/DEPLOYMENT.md)")
        .doesNotContain("\n| `--");
  }

  @Test
  void replication_readmeShowsSetUpAndLinksTheDetails() {
    assertThat(section("Replication"))
        .contains(
            "file:///",
            "s3://",
            "SQLITEREST_REPLICATION_REPLICA_URL",
            "asynchronous",
            "last sync interval",
            "(docs/REPLICATION.md)",
            "(docs/RESTORE.md)",
            "(docs/FORMAT.md)");
  }

  @Test
  void replicationDoc_coversStoresCostsPolicyAndGuarantees() throws IOException {
    assertThat(Files.readString(root.resolve("docs/REPLICATION.md")))
        .contains(
            "force-path-style=true",
            "AWS_ACCESS_KEY_ID",
            "s3:PutObject",
            "s3:GetObject",
            "s3:ListBucket",
            "s3:DeleteObject",
            "arn:aws:s3:::my-bucket/app/*",
            "Asynchronous",
            "one sync interval",
            "--replication-restore-*");
  }

  @Test
  void tryIt_mentionsTheDemoReplicaAndHowToRestoreIt() {
    assertThat(section("Try it")).contains("demo/replica", "restore -o restored.db");
    assertThat(cli().getSubcommands().get("demo").getUsageMessage())
        .contains("demo/replica", "restore");
  }

  @Test
  void helpClaim_everyCommandEndsWithExamples() {
    assertThat(readme).contains("ends with examples");
    java.util.Deque<CommandLine> todo = new java.util.ArrayDeque<>(List.of(cli()));
    while (!todo.isEmpty()) {
      CommandLine command = todo.poll();
      todo.addAll(command.getSubcommands().values());
      assertThat(command.getUsageMessage())
          .as(command.getCommandSpec().qualifiedName())
          .contains("\nExamples:\n  ");
    }
  }

  /**
   * Every {@code sqlite-rest} command line in a shell block of the README and the operator docs
   * parses: no unknown flag (e.g. {@code --db} for {@code --db-dsn}), no missing value.
   */
  @Test
  void docExamples_everyCommandLineParses() throws IOException {
    int checked = 0;
    for (String doc :
        List.of(
            "README.md",
            "docs/REPLICATION.md",
            "docs/RESTORE.md",
            "docs/SECURITY_AND_OPERATIONS.md",
            "docs/DEPLOYMENT.md")) {
      Matcher block =
          Pattern.compile("```(?:bash|sh)\n(.*?)```", Pattern.DOTALL)
              .matcher(Files.readString(root.resolve(doc)));
      while (block.find()) {
        String joined = block.group(1).replace("\\\n", " ");
        for (String line : joined.lines().toList()) {
          List<String> words = shellWords(line);
          int at = commandAt(words);
          if (at < 0) {
            continue;
          }
          String[] args = words.subList(at + 1, words.size()).toArray(String[]::new);
          try {
            cli().parseArgs(args);
          } catch (CommandLine.ParameterException e) {
            throw new AssertionError(doc + ": " + line.strip() + " -> " + e.getMessage(), e);
          }
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(20);
  }

  /**
   * Where the {@code sqlite-rest} command starts in {@code words}, or -1: the first {@code
   * sqlite-rest} or {@code ./sqlite-rest} that is not the value of an option (as in {@code docker
   * build -t sqlite-rest .} or {@code systemctl enable --now sqlite-rest}).
   */
  private static int commandAt(List<String> words) {
    for (int i = 0; i < words.size(); i++) {
      boolean named = words.get(i).equals("sqlite-rest") || words.get(i).equals("./sqlite-rest");
      if (named && (i == 0 || !words.get(i - 1).startsWith("-"))) {
        return i;
      }
    }
    return -1;
  }

  /** Words of a shell line: single and double quotes group, # starts a comment. */
  private static List<String> shellWords(String line) {
    List<String> words = new java.util.ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (c == '#' && word == null) {
        break;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
