package dev.sqliterest.server.policy;

import dev.sqliterest.rest.AccessPolicy.Action;
import dev.sqliterest.server.policy.RoleGrantPolicy.TableGrant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a {@code --security-policy-file}. The format:
 *
 * <pre>{@code
 * roles:
 *   anon:                      # role from the JWT role claim (or the default role)
 *     books: [read]            # short form: verbs on all columns
 *   editor:
 *     books:
 *       read: true             # true or "all": every column
 *       insert: [title, author, price]
 *       update: [price]        # only these columns
 *       delete: true           # delete takes no column list
 *     "*": [read]              # tables this role does not name
 * }</pre>
 *
 * Verbs are {@code read}, {@code insert}, {@code update}, {@code delete}; a verb that is absent or
 * {@code false} is denied. Every error names the file and the YAML path, e.g. {@code policy.yaml:
 * roles.editor.books.upsert: unknown verb}.
 */
public final class PolicyFile {

  private PolicyFile() {}

  public static RoleGrantPolicy load(Path file) throws IOException {
    return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  static RoleGrantPolicy parse(String source, String yaml) throws InvalidPolicyException {
    Object document;
    try {
      LoadSettings settings =
          LoadSettings.builder()
              .setLabel(source)
              .setSchema(new CoreSchema())
              .setAllowDuplicateKeys(false)
              .build();
      document = new Load(settings).loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new InvalidPolicyException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    Reader r = new Reader(source);
    Map<String, Object> top = r.map(document, "");
    for (String key : top.keySet()) {
      if (!key.equals("roles")) {
        throw r.error(key, "unknown key (the policy has one key, roles)");
      }
    }
    if (!top.containsKey("roles")) {
      throw r.error("", "missing roles");
    }
    Map<String, Map<String, TableGrant>> roles = new LinkedHashMap<>();
    for (Map.Entry<String, Object> role : r.map(top.get("roles"), "roles").entrySet()) {
      String rolePath = "roles." + role.getKey();
      Map<String, TableGrant> tables = new LinkedHashMap<>();
      for (Map.Entry<String, Object> table : r.map(role.getValue(), rolePath).entrySet()) {
        tables.put(table.getKey(), r.tableGrant(table.getValue(), rolePath + "." + table.getKey()));
      }
      roles.put(role.getKey(), Map.copyOf(tables));
    }
    return new RoleGrantPolicy(Map.copyOf(roles));
  }

  /** Walks the untyped YAML tree, failing with the file and path of the offending node. */
  private record Reader(String source) {

    InvalidPolicyException error(String path, String problem) {
      return new InvalidPolicyException(
          source + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    Map<String, Object> map(Object node, String path) throws InvalidPolicyException {
      if (!(node instanceof Map<?, ?> map)) {
        throw error(path, "expected a mapping, got " + describe(node));
      }
      Map<String, Object> result = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key) || key.isEmpty()) {
          throw error(path, "keys must be non-empty strings, got " + describe(e.getKey()));
        }
        result.put(key, e.getValue());
      }
      return result;
    }

    TableGrant tableGrant(Object node, String path) throws InvalidPolicyException {
      Map<Action, ColumnGrant> verbs = new EnumMap<>(Action.class);
      if (node instanceof List<?> list) {
        for (Object item : list) {
          verbs.put(verb(item, path), new ColumnGrant.All());
        }
      } else {
        for (Map.Entry<String, Object> e : map(node, path).entrySet()) {
          Action action = verb(e.getKey(), path);
          ColumnGrant grant = columns(e.getValue(), path + "." + e.getKey(), action);
          if (grant != null) {
            verbs.put(action, grant);
          }
        }
      }
      return new TableGrant(Map.copyOf(verbs));
    }

    Action verb(Object node, String path) throws InvalidPolicyException {
      if (node instanceof String s) {
        for (Action a : Action.values()) {
          if (a.name().toLowerCase(Locale.ROOT).equals(s)) {
            return a;
          }
        }
        throw error(path + "." + s, "unknown verb (use read, insert, update or delete)");
      }
      throw error(path, "expected a verb (read, insert, update or delete), got " + describe(node));
    }

    /**
     * {@code true}/{@code all} → every column; {@code false}/null → no grant; a list → those
     * columns.
     */
    ColumnGrant columns(Object node, String path, Action action) throws InvalidPolicyException {
      if (node == null || Boolean.FALSE.equals(node)) {
        return null;
      }
      if (Boolean.TRUE.equals(node) || "all".equals(node)) {
        return new ColumnGrant.All();
      }
      if (node instanceof List<?> list) {
        if (action == Action.DELETE) {
          throw error(path, "delete removes whole rows; use true or false, not a column list");
        }
        Set<String> columns = new LinkedHashSet<>();
        for (Object item : list) {
          if (!(item instanceof String column) || column.isEmpty()) {
            throw error(path, "column names must be non-empty strings, got " + describe(item));
          }
          columns.add(column);
        }
        if (columns.isEmpty()) {
          throw error(path, "empty column list (use false to grant nothing)");
        }
        return new ColumnGrant.Only(columns);
      }
      throw error(
          path, "expected true, false, all or a list of column names, got " + describe(node));
    }

    private static String describe(Object node) {
      if (node == null) {
        return "nothing";
      }
      return node instanceof String s
          ? "\"" + s + "\""
          : node.getClass().getSimpleName() + " " + node;
    }
  }
}
