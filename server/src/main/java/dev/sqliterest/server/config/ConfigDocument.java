package dev.sqliterest.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * A YAML configuration file as a tree of mappings, lists and strings, with environment variables
 * expanded in every string: {@code ${VAR}} and {@code $VAR} (as Litestream does), {@code $$} for a
 * dollar sign, {@code $PID} for the process id. Expansion happens in values only, after parsing, so
 * a variable can never change the file's structure; an unset variable is an error rather than an
 * empty string (a missing secret must not pass silently). Every error names the file and the key
 * path ({@code dbs[0].replica.url}).
 */
public final class ConfigDocument {

  private static final Pattern VARIABLE =
      Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*)|(\\$)|(\\{?))");

  private final String source;
  private final Map<String, String> environment;

  private ConfigDocument(String source, Map<String, String> environment) {
    this.source = source;
    this.environment = environment;
  }

  /** Reads {@code file}; the top level is a mapping (an empty file is an empty one). */
  public static Map<String, Object> read(Path file, Map<String, String> environment) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("--config " + file + ": cannot read the file (" + e + ")", e);
    }
    return parse(file.toString(), text, environment);
  }

  /** Parses {@code yaml}; {@code source} names it in errors. */
  public static Map<String, Object> parse(
      String source, String yaml, Map<String, String> environment) {
    Object document;
    try {
      LoadSettings settings =
          LoadSettings.builder()
              .setLabel(source)
              .setSchema(new FailsafeSchema()) // every scalar a string: 0755 stays 0755
              .setAllowDuplicateKeys(false)
              .build();
      document = new Load(settings).loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    ConfigDocument reader = new ConfigDocument(source, environment);
    if (document == null || "".equals(document)) {
      return Map.of();
    }
    if (!(document instanceof Map<?, ?>)) {
      throw reader.error("", "expected a mapping of settings at the top");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> top = (Map<String, Object>) reader.expand(document, "");
    return top;
  }

  /** An error about the node at {@code path} of {@code source}. */
  public static ConfigException error(String source, String path, String problem) {
    return new ConfigException(source + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
  }

  private ConfigException error(String path, String problem) {
    return error(source, path, problem);
  }

  private Object expand(Object node, String path) {
    return switch (node) {
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String key = String.valueOf(e.getKey());
          String child = path.isEmpty() ? key : path + "." + key;
          out.put(key, expand(e.getValue(), child));
        }
        yield out;
      }
      case List<?> list -> {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          out.add(expand(list.get(i), path + "[" + i + "]"));
        }
        yield out;
      }
      case String text -> expandText(text, path);
      case null -> "";
      default -> throw error(path, "unexpected value " + node);
    };
  }

  private String expandText(String text, String path) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value;
      if (m.group(3) != null) {
        value = "$";
      } else if (name == null) {
        throw error(path, "a lone $ (write $$ for a dollar sign, ${NAME} for a variable)");
      } else if (name.equals("PID")) {
        value = Long.toString(ProcessHandle.current().pid());
      } else {
        value = environment.get(name);
        if (value == null) {
          throw error(path, "${" + name + "} is not set in the environment");
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
