package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.server.Wiring;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A command line builds only the verb it runs, and users see no difference. */
final class CliVerbsTest {

  @TempDir Path dir;

  private CliRun cli() {
    return new CliRun(Map.of(), dir, Wiring.defaults());
  }

  private List<String> verbsBuiltFor(String... args) {
    return List.copyOf(Cli.withConfigFile(cli().context, args).getSubcommands().keySet());
  }

  @Test
  void theVerbRun_isTheOnlyOneBuilt() {
    assertThat(verbsBuiltFor("serve", "--db-dsn", "x.db")).containsExactly("serve");
    assertThat(verbsBuiltFor("--log-level", "8", "ltx", "list", "x")).containsExactly("ltx");
  }

  @Test
  void theRootAndUsageErrors_getEveryVerb() {
    List<String> all = List.copyOf(SqliteRestCommand.VERBS.keySet());
    assertThat(verbsBuiltFor("--help")).isEqualTo(all);
    assertThat(verbsBuiltFor()).isEqualTo(all);
    assertThat(verbsBuiltFor("--log-format", "serve")).isEqualTo(all);
    assertThat(verbsBuiltFor("serv")).isEqualTo(all);
  }

  @Test
  void everyCommandsHelp_isTheSameAsWithEveryVerbBuilt() {
    List<List<String>> paths = new ArrayList<>();
    collect(Cli.commandLine(cli().context), List.of(), paths);
    assertThat(paths).hasSizeGreaterThan(8);
    for (List<String> path : paths) {
      CommandLine whole = Cli.commandLine(cli().context);
      for (String name : path) {
        whole = whole.getSubcommands().get(name);
      }
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      CliRun run = cli();
      assertThat(run.run(args.toArray(String[]::new))).isEqualTo(ExitCodes.OK);
      assertThat(run.out.toString()).as(String.join(" ", args)).isEqualTo(whole.getUsageMessage());
    }
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
    paths.add(path);
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> longer = new ArrayList<>(path);
              longer.add(name);
              collect(sub, longer, paths);
            });
  }
}
