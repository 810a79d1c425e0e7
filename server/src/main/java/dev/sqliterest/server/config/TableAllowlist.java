package dev.sqliterest.server.config;

import dev.sqliterest.rest.AccessPolicy;
import dev.sqliterest.rest.HttpRequestData.Principal;
import java.util.Optional;
import java.util.Set;

/**
 * sqlite-rest's table allowlist ({@code --security-allow-table}): a table or view is served only
 * when named exactly (case-sensitive), for every verb and every column; everything else is denied
 * with sqlite-rest's message "Access Restricted".
 */
public record TableAllowlist(Set<String> tables) implements AccessPolicy {

  public static final String DENIED_MESSAGE = "Access Restricted";

  public TableAllowlist {
    tables = Set.copyOf(tables);
  }

  @Override
  public Optional<String> denied(
      Principal principal, String table, Action action, Set<String> columns) {
    return tables.contains(table) ? Optional.empty() : Optional.of(DENIED_MESSAGE);
  }
}
