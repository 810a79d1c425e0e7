package dev.sqliterest.server.cli;

import dev.sqliterest.server.config.ConfigDocument;
import dev.sqliterest.server.config.ConfigException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code serve --config FILE}: a YAML file that sets serve's options. Two vocabularies, freely
 * mixed:
 *
 * <ul>
 *   <li>every flag of {@code serve} (and the global {@code log-*} flags) as a key without the
 *       leading {@code --}: {@code db-dsn: ./app.db}, {@code security-allow-table: [books]};
 *   <li>the keys of {@code litestream.yml} that describe this database's replication, so that an
 *       existing Litestream configuration works as it is: {@code dbs} (exactly one database, with
 *       {@code path} and one {@code replica} or a one-element {@code replicas} list), {@code
 *       snapshot}, {@code levels}, {@code addr}, {@code logging}, and replica settings at the top
 *       level as defaults for the replica.
 * </ul>
 *
 * Litestream keys that do not apply here (its own checkpoint tuning, other backends, {@code exec},
 * ...) are errors that say why, not ignored. The result is a value per option, used as the option's
 * default below the command line and the {@code SQLITEREST_*} variables. Every value is checked
 * here with the option's own converter, so a bad one names its key: {@code
 * dbs[0].replica.sync-interval: "soon" is not a duration; ...}.
 */
final class ConfigFile {

  /** One option's value from the file, and the key it came from. */
  record Setting(String value, String key) {}

  private final String source;
  private final Map<String, String> environment;
  private final Map<String, OptionSpec> options = new LinkedHashMap<>();
  private final Map<String, Setting> settings = new LinkedHashMap<>();

  private ConfigFile(String source, Map<String, String> environment, CommandSpec serve) {
    this.source = source;
    this.environment = environment;
    for (OptionSpec option : serve.options()) {
      if (EnvironmentDefaults.variableFor(option) != null
          && !EnvironmentDefaults.longName(option).equals("config")) {
        for (String name : option.names()) {
          if (name.startsWith("--")) {
            options.put(name.substring(2), option);
          }
        }
      }
    }
  }

  /**
   * Reads {@code file} into a value per option of {@code serve}, keyed by the option's first long
   * name (as {@link EnvironmentDefaults#variableFor} names it).
   */
  static Map<String, Setting> load(Path file, Map<String, String> environment, CommandSpec serve) {
    ConfigFile config = new ConfigFile(file.toString(), environment, serve);
    config.read(ConfigDocument.read(file, environment));
    return Map.copyOf(config.settings);
  }

  private ConfigException error(String path, String problem) {
    return ConfigDocument.error(source, path, problem);
  }

  private void read(Map<String, Object> top) {
    // serve's own keys first, so that the Litestream part sees what they set
    Map<String, Object> replicaDefaults = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : top.entrySet()) {
      if (options.containsKey(e.getKey())) {
        set(options.get(e.getKey()), optionText(e.getValue(), e.getKey()), e.getKey());
      } else if (LitestreamKeys.GLOBAL_REPLICA_KEYS.contains(e.getKey())) {
        replicaDefaults.put(e.getKey(), e.getValue()); // Litestream: defaults for every replica
      }
    }
    boolean replicaSeen = false;
    for (Map.Entry<String, Object> e : top.entrySet()) {
      String key = e.getKey();
      if (options.containsKey(key) || LitestreamKeys.GLOBAL_REPLICA_KEYS.contains(key)) {
        continue;
      }
      switch (key) {
        case "dbs" -> replicaSeen = databases(e.getValue(), replicaDefaults);
        case "snapshot" -> snapshot(e.getValue(), key);
        case "levels" -> levels(e.getValue());
        case "addr" -> set(options.get("metrics-addr"), scalar(e.getValue(), key), key);
        case "logging" -> logging(e.getValue());
        case "config" -> throw error(key, "a config file cannot name another one");
        default -> throw unknown(key, key);
      }
    }
    if (!replicaSeen && !replicaDefaults.isEmpty()) {
      throw error(
          replicaDefaults.keySet().iterator().next(),
          "a replica setting without a replica (add dbs: [{path: ..., replica: {url: ...}}])");
    }
  }

  private ConfigException unknown(String path, String key) {
    if (LitestreamKeys.NOT_APPLICABLE.containsKey(key)) {
      return error(
          path,
          "this Litestream setting does not apply: " + LitestreamKeys.NOT_APPLICABLE.get(key));
    }
    if (LitestreamKeys.OTHER_BACKENDS.contains(key)) {
      return error(path, "sqlite-rest replicates to file:// and s3:// replicas only");
    }
    return error(
        path,
        "unknown key; keys are serve's flags without the -- (docs/CONFIGURATION.md) and"
            + " litestream.yml's dbs, snapshot, levels, addr and logging");
  }

  /** Reads {@code dbs}; true when it names a replica. */
  private boolean databases(Object node, Map<String, Object> replicaDefaults) {
    List<?> dbs = list(node, "dbs");
    if (dbs.size() != 1) {
      throw error(
          "dbs", "sqlite-rest serves one database; this file lists " + dbs.size() + " of them");
    }
    Map<String, Object> db = map(dbs.get(0), "dbs[0]");
    boolean replicaSeen = false;
    for (Map.Entry<String, Object> e : db.entrySet()) {
      String path = "dbs[0]." + e.getKey();
      switch (e.getKey()) {
        case "path" -> set(options.get("db-dsn"), homePath(scalar(e.getValue(), path)), path);
        case "replica" -> {
          replica(map(e.getValue(), path), path, replicaDefaults);
          replicaSeen = true;
        }
        case "replicas" -> {
          List<?> replicas = list(e.getValue(), path);
          if (replicas.size() != 1) {
            throw error(path, "one replica is supported; this lists " + replicas.size());
          }
          replica(map(replicas.get(0), path + "[0]"), path + "[0]", replicaDefaults);
          replicaSeen = true;
        }
        case "snapshot" -> snapshot(e.getValue(), path);
        case "restore-if-db-not-exists" -> {
          if (!scalar(e.getValue(), path).equals("true")) {
            throw error(
                path, "sqlite-rest always restores a missing database before serving; remove it");
          }
        }
        default -> throw unknown(path, e.getKey());
      }
    }
    if (!db.containsKey("path")) {
      throw error("dbs[0]", "needs path, the database file");
    }
    return replicaSeen;
  }

  private void replica(Map<String, Object> own, String path, Map<String, Object> defaults) {
    Map<String, Object> replica = new LinkedHashMap<>(defaults);
    replica.putAll(own);
    Map<String, String> paths = new LinkedHashMap<>();
    for (String key : replica.keySet()) {
      paths.put(key, own.containsKey(key) ? path + "." + key : key);
      boolean known =
          LitestreamKeys.REPLICA_KEYS.contains(key)
              || LitestreamKeys.S3_PARAMETERS.contains(key)
              || LitestreamKeys.CREDENTIALS.contains(key);
      if (!known) {
        throw unknown(paths.get(key), key);
      }
    }
    Map<String, String> text = new LinkedHashMap<>();
    replica.forEach((k, v) -> text.put(k, scalar(v, paths.get(k))));
    for (String key : LitestreamKeys.CREDENTIALS) {
      if (text.containsKey(key)) {
        credential(key, text.get(key), paths.get(key));
      }
    }
    if (text.containsKey("sync-interval")) {
      set(
          options.get("replication-sync-interval"),
          text.get("sync-interval"),
          paths.get("sync-interval"));
    }
    set(options.get("replication-replica-url"), replicaUrl(text, paths, path), path);
    if (!settings.containsKey("replication-enabled")) {
      settings.put("replication-enabled", new Setting("true", path));
    }
  }

  /** The replica as one URL in Litestream's syntax, from url or from type, bucket and path. */
  private String replicaUrl(Map<String, String> replica, Map<String, String> paths, String at) {
    String type = replica.getOrDefault("type", "");
    String url;
    if (replica.containsKey("url")) {
      for (String key : List.of("bucket", "path")) {
        if (replica.containsKey(key)) {
          throw error(paths.get(key), "give either url or " + key + ", not both (as Litestream)");
        }
      }
      url = replica.get("url");
    } else if (type.equals("s3") || (type.isEmpty() && replica.containsKey("bucket"))) {
      if (!replica.containsKey("bucket")) {
        throw error(at, "an s3 replica needs bucket (or url: s3://bucket/path)");
      }
      url = "s3://" + replica.get("bucket") + "/" + replica.getOrDefault("path", "");
    } else if (type.equals("file") || (type.isEmpty() && replica.containsKey("path"))) {
      if (!replica.containsKey("path")) {
        throw error(at, "a file replica needs path");
      }
      url = Path.of(homePath(replica.get("path"))).toAbsolutePath().normalize().toUri().toString();
    } else if (type.isEmpty()) {
      throw error(at, "needs url (file:///dir or s3://bucket/path), or type and path");
    } else {
      throw error(paths.get("type"), "sqlite-rest replicates to file:// and s3:// replicas only");
    }
    StringBuilder query = new StringBuilder();
    for (String key : LitestreamKeys.S3_PARAMETERS) {
      if (!replica.containsKey(key)) {
        continue;
      }
      if (!url.startsWith("s3://")) {
        throw error(paths.get(key), "only an s3 replica takes " + key);
      }
      if (url.contains("?" + key + "=") || url.contains("&" + key + "=")) {
        throw error(paths.get(key), "also given in the url; keep one");
      }
      query.append(query.isEmpty() && !url.contains("?") ? '?' : '&');
      query.append(key).append('=').append(encode(replica.get(key)));
    }
    return url + query;
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Access keys come from the environment ({@code AWS_*} or Litestream's {@code LITESTREAM_*}); a
   * key in the file is accepted when it is that same value (the usual {@code ${AWS_...}}), so a
   * secret never has to be written into the file.
   */
  private void credential(String key, String value, String path) {
    String suffix = key.equals("access-key-id") ? "ACCESS_KEY_ID" : "SECRET_ACCESS_KEY";
    String aws = environment.get("AWS_" + suffix);
    String litestream = environment.get("LITESTREAM_" + suffix);
    String inForce = aws != null && !aws.isEmpty() ? aws : litestream;
    if (!value.equals(inForce)) {
      throw error(
          path,
          "set AWS_"
              + suffix
              + " in the environment instead (or write ${AWS_"
              + suffix
              + "} here): the S3 client reads its keys from there");
    }
  }

  private void snapshot(Object node, String path) {
    for (Map.Entry<String, Object> e : map(node, path).entrySet()) {
      String at = path + "." + e.getKey();
      switch (e.getKey()) {
        case "interval" ->
            set(options.get("replication-snapshot-interval"), scalar(e.getValue(), at), at);
        case "retention" -> set(options.get("replication-retention"), scalar(e.getValue(), at), at);
        default -> throw unknown(at, e.getKey());
      }
    }
  }

  private void levels(Object node) {
    List<?> levels = list(node, "levels");
    StringBuilder intervals = new StringBuilder();
    for (int i = 0; i < levels.size(); i++) {
      String at = "levels[" + i + "]";
      Map<String, Object> level = map(levels.get(i), at);
      for (String key : level.keySet()) {
        if (!key.equals("interval")) {
          throw unknown(at + "." + key, key);
        }
      }
      if (!level.containsKey("interval")) {
        throw error(at, "needs interval");
      }
      intervals.append(i == 0 ? "" : ",").append(scalar(level.get("interval"), at + ".interval"));
    }
    set(options.get("replication-compaction-intervals"), intervals.toString(), "levels");
  }

  /** Litestream's {@code logging}: level and type map onto the log flags. */
  private void logging(Object node) {
    for (Map.Entry<String, Object> e : map(node, "logging").entrySet()) {
      String at = "logging." + e.getKey();
      String value = scalar(e.getValue(), at).toLowerCase(Locale.ROOT);
      switch (e.getKey()) {
        case "level" -> {
          String verbosity =
              switch (value) {
                case "trace" -> "10";
                case "debug" -> "8";
                case "info" -> "5";
                case "warn", "warning" -> "-1";
                case "error" -> "-2";
                default -> throw error(at, "use trace, debug, info, warn or error");
              };
          set(options.get("log-level"), verbosity, at);
        }
        case "type" -> set(options.get("log-format"), value, at);
        case "stderr", "source" -> {
          if (!value.equals("false")) {
            throw error(at, "logs always go to stdout, without source locations");
          }
        }
        default -> throw unknown(at, e.getKey());
      }
    }
  }

  /** Records {@code value} for {@code option}, after checking it with the option's converter. */
  private void set(OptionSpec option, String value, String path) {
    String first = EnvironmentDefaults.longName(option);
    Setting earlier = settings.get(first);
    if (earlier != null && !earlier.value().equals(value)) {
      throw error(path, "also set by " + earlier.key() + " to another value; keep one");
    }
    check(option, value, path, first);
    settings.put(first, new Setting(value, path));
  }

  private void check(OptionSpec option, String value, String path, String name) {
    if (option.typeInfo().isBoolean()) {
      if (!value.equals("true") && !value.equals("false")) {
        throw error(path, "\"" + value + "\" is not true or false");
      }
      return;
    }
    // the option's own converter, exactly as on the command line
    CommandSpec probe = CommandSpec.create().addOption(OptionSpec.builder(option).build());
    try {
      new CommandLine(probe)
          .setCaseInsensitiveEnumValuesAllowed(true)
          .parseArgs("--" + name, value);
    } catch (ParameterException e) {
      String message = e.getMessage().replaceFirst("^Invalid value for option '[^']*': ", "");
      throw error(path, message);
    }
  }

  private String optionText(Object value, String path) {
    if (value instanceof List<?> list) {
      return list.stream().map(v -> scalar(v, path)).collect(Collectors.joining(","));
    }
    return scalar(value, path);
  }

  private String scalar(Object node, String path) {
    if (node instanceof String s) {
      return s;
    }
    throw error(path, "expected a single value, got " + describe(node));
  }

  private Map<String, Object> map(Object node, String path) {
    if (node instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) m;
      return typed;
    }
    throw error(path, "expected a mapping (key: value lines), got " + describe(node));
  }

  private List<?> list(Object node, String path) {
    if (node instanceof List<?> l) {
      return l;
    }
    throw error(path, "expected a list (- item lines), got " + describe(node));
  }

  private static String describe(Object node) {
    return switch (node) {
      case Map<?, ?> m -> "a mapping";
      case List<?> l -> "a list";
      default -> "\"" + node + "\"";
    };
  }

  /** Litestream expands a leading ~ in database and replica paths. */
  private static String homePath(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return System.getProperty("user.home") + path.substring(1);
    }
    return path;
  }

  /** The {@code --config} file of a command line, when {@code serve} runs with one. */
  static Optional<Path> of(CommandLine.ParseResult parse) {
    for (CommandLine.ParseResult p = parse; p != null; p = p.subcommand()) {
      if (p.isUsageHelpRequested()) {
        return Optional.empty();
      }
      if (p.commandSpec().userObject() instanceof ServeCommand serve && serve.configFile != null) {
        return Optional.of(serve.configFile);
      }
    }
    return Optional.empty();
  }
}
