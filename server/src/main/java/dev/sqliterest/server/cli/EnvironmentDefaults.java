package dev.sqliterest.server.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Takes the default of every option from its environment mirror, {@code SQLITEREST_} plus the long
 * name in upper snake case ({@code --db-dsn} → {@code SQLITEREST_DB_DSN}), for every command,
 * including ones added later. A flag on the command line wins over the variable, and the variable
 * wins over the built-in default (the annotation's, or {@link BuiltInDefaults}). Boolean flags take
 * {@code true}/{@code false}.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

  static final String PREFIX = "SQLITEREST_";

  private final Map<String, String> environment;

  EnvironmentDefaults(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** The environment variable that mirrors {@code option}, or null for help/version flags. */
  static String variableFor(OptionSpec option) {
    if (option.usageHelp() || option.versionHelp()) {
      return null;
    }
    // the first long name, so an alias (--pprof-addr) shares the main name's variable
    String name =
        java.util.Arrays.stream(option.names())
            .filter(n -> n.startsWith("--"))
            .findFirst()
            .orElse(option.longestName())
            .replaceFirst("^-+", "");
    return PREFIX + name.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (argument instanceof OptionSpec option) {
      String variable = variableFor(option);
      String value = variable == null ? null : environment.get(variable);
      return value != null ? value : BuiltInDefaults.of(option);
    }
    return null;
  }
}
