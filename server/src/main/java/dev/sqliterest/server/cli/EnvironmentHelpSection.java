package dev.sqliterest.server.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.OptionSpec;

/**
 * An "Environment:" section in every command's {@code --help}, listing the {@code SQLITEREST_*}
 * variable of each option, generated from the options themselves so no command can forget it.
 */
final class EnvironmentHelpSection implements IHelpSectionRenderer {

  static final String KEY = "environment";

  /** Adds the section after the option list of {@code commandLine} and all its subcommands. */
  static void install(CommandLine commandLine) {
    commandLine.getHelpSectionMap().put(KEY, new EnvironmentHelpSection());
    List<String> keys = new ArrayList<>(commandLine.getHelpSectionKeys());
    if (!keys.contains(KEY)) {
      keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1, KEY);
      commandLine.setHelpSectionKeys(keys);
    }
    commandLine.getSubcommands().values().forEach(EnvironmentHelpSection::install);
  }

  @Override
  public String render(Help help) {
    List<String[]> rows = new ArrayList<>();
    int width = 0;
    for (OptionSpec option : help.commandSpec().options()) {
      String variable = EnvironmentDefaults.variableFor(option);
      if (variable != null && !option.hidden()) {
        rows.add(new String[] {variable, String.join(", ", option.names())});
        width = Math.max(width, variable.length());
      }
    }
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder out =
        new StringBuilder("%nEnvironment (each option's default; the command line wins):%n");
    for (String[] row : rows) {
      out.append("  ")
          .append(row[0])
          .append(" ".repeat(width - row[0].length() + 2))
          .append(row[1])
          .append("%n");
    }
    return String.format(out.toString());
  }
}
