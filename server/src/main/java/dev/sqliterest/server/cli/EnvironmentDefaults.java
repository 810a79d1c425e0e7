package dev.sqliterest.server.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Takes the default of every option from its environment mirror, {@code SQLITEREST_} plus the long
 * name in upper snake case ({@code --db-dsn} → {@code SQLITEREST_DB_DSN}), for every command,
 * including ones added later. A flag on the command line wins over the variable, the variable over
 * a {@code serve --config} file ({@link ConfigFile}), and that over the built-in default (the
 * annotation's, or {@link BuiltInDefaults}). Boolean flags take {@code true}/{@code false}.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

  static final String PREFIX = "SQLITEREST_";

  private final Map<String, String> environment;
  private final Map<String, ConfigFile.Setting> configFile;

  EnvironmentDefaults(Map<String, String> environment) {
    this(environment, Map.of());
  }

  /** Below the variables: the values of a {@code --config} file, by {@link #longName}. */
  EnvironmentDefaults(Map<String, String> environment, Map<String, ConfigFile.Setting> configFile) {
    this.environment = Map.copyOf(environment);
    this.configFile = Map.copyOf(configFile);
  }

  /** The environment variable that mirrors {@code option}, or null for help/version flags. */
  static String variableFor(OptionSpec option) {
    if (option.usageHelp() || option.versionHelp()) {
      return null;
    }
    return PREFIX + longName(option).replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /**
   * The option's first long name without dashes ({@code db-dsn}), so an alias ({@code
   * --pprof-addr}) shares the main name's variable and config-file key.
   */
  static String longName(OptionSpec option) {
    return java.util.Arrays.stream(option.names())
        .filter(n -> n.startsWith("--"))
        .findFirst()
        .orElse(option.longestName())
        .replaceFirst("^-+", "");
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (argument instanceof OptionSpec option) {
      String variable = variableFor(option);
      if (variable == null) {
        return null;
      }
      String value = environment.get(variable);
      ConfigFile.Setting fromFile = configFile.get(longName(option));
      if (value != null) {
        return value;
      }
      return fromFile != null ? fromFile.value() : BuiltInDefaults.of(option);
    }
    return null;
  }
}
