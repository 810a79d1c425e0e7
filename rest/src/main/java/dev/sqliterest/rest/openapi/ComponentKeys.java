package dev.sqliterest.rest.openapi;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Unique component keys: OpenAPI allows only {@code [A-Za-z0-9._-]} in them, while a table or
 * column may be named anything. Other characters become {@code _}, and a key already taken gets a
 * {@code _2}, {@code _3}… suffix.
 */
final class ComponentKeys {

  private final Set<String> taken = new HashSet<>();

  ComponentKeys(List<String> reserved) {
    taken.addAll(reserved);
  }

  String allocate(String name) {
    String base = name.replaceAll("[^A-Za-z0-9._-]", "_");
    if (base.isEmpty()) {
      base = "_";
    }
    String key = base;
    for (int i = 2; !taken.add(key); i++) {
      key = base + "_" + i;
    }
    return key;
  }
}
