package dev.sqliterest.server.cli;

import dev.sqliterest.server.Wiring;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes {@code docs/CONFIGURATION.md} from the picocli model of every command: each option with
 * its environment variable, default and description, as {@code --help} prints them. The text is a
 * function of the code, so the reference cannot drift ({@link ConfigurationReferenceTest}).
 */
final class ConfigurationReference {

  private ConfigurationReference() {}

  /** The whole document. */
  static String markdown() {
    // no SQLITEREST_* variables: the defaults shown are the built-in ones
    CommandLine root =
        Cli.commandLine(new CliRun(Map.of(), Path.of(""), Wiring.defaults()).context);
    StringBuilder out = new StringBuilder();
    out.append("# Configuration reference\n\n")
        .append("<!-- Generated from the command line's definition by ConfigurationReferenceTest;")
        .append(" do not edit. -->\n\n")
        .append("Every option of every command, with the environment variable that sets it when")
        .append(" the option is not given\n(the command line wins over the variable, the")
        .append(" variable over the default). Durations are written\n`500ms`, `30s`, `5m`,")
        .append(" `1h30m`; sizes as bytes or `512KiB`, `16MiB`, `1GiB`. `sqlite-rest COMMAND")
        .append(" --help` prints\nthe same with examples. Deployment recipes:")
        .append(" [DEPLOYMENT.md](DEPLOYMENT.md).\n");
    command(root, out);
    return out.toString();
  }

  private static void command(CommandLine command, StringBuilder out) {
    CommandSpec spec = command.getCommandSpec();
    out.append("\n## `").append(spec.qualifiedName()).append("`\n\n");
    out.append(paragraphs(spec.usageMessage().description())).append('\n');
    if (spec.parent() == null) {
      out.append("\nThese options apply to every command.\n");
    }
    if (spec.userObject() instanceof ServeCommand) {
      out.append("\nIn a `--config` file each option is a key without the leading `--`")
          .append(" (`db-dsn: ./books.db`); the file may also be a `litestream.yml`")
          .append(" ([DEPLOYMENT.md](DEPLOYMENT.md#configuration-file)).\n");
    }
    List<PositionalParamSpec> positionals = spec.positionalParameters();
    if (positionals.stream().anyMatch(p -> p.description().length > 0)) {
      out.append('\n');
      for (PositionalParamSpec p : positionals) {
        if (p.description().length == 0) {
          continue;
        }
        out.append("- `")
            .append(p.paramLabel())
            .append("`: ")
            .append(cell(String.join(" ", p.description())))
            .append('\n');
      }
    }
    List<OptionSpec> options = new ArrayList<>();
    for (OptionSpec option : spec.options()) {
      boolean inherited = option.inherited() && spec.parent() != null;
      if (!option.usageHelp() && !option.versionHelp() && !option.hidden() && !inherited) {
        options.add(option);
      }
    }
    if (!options.isEmpty()) {
      out.append("\n| option | environment | default | meaning |\n| --- | --- | --- | --- |\n");
      for (OptionSpec option : options) {
        row(option, out);
      }
    }
    for (CommandLine sub : command.getSubcommands().values()) {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        command(sub, out);
      }
    }
  }

  private static void row(OptionSpec option, StringBuilder out) {
    String description = String.join(" ", option.description()).strip();
    String shown = option.defaultValueString();
    shown = shown == null || shown.equals("null") || shown.equals("[]") ? "" : shown;
    // the column shows the default; a sentence that only repeats it goes
    String repeated = " Default: " + shown + ".";
    if (!shown.isEmpty() && description.endsWith(repeated)) {
      description = description.substring(0, description.length() - repeated.length());
    }
    String names =
        String.join(", ", Arrays.stream(option.names()).map(n -> "`" + n + "`").toList());
    out.append("| ")
        .append(names)
        .append(option.typeInfo().isBoolean() ? "" : " " + cell(option.paramLabel()))
        .append(" | `")
        .append(EnvironmentDefaults.variableFor(option))
        .append("` | ")
        .append(shown.isEmpty() ? "" : "`" + cell(shown) + "`")
        .append(" | ")
        .append(cell(description))
        .append(" |\n");
  }

  /** Description lines as Markdown paragraphs: an empty line starts a new one. */
  private static String paragraphs(String[] lines) {
    return String.join(" ", lines).strip().replaceAll(" {2,}", "\n\n");
  }

  /** Text that is safe inside a table cell. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replaceAll("\\s+", " ");
  }
}
