package dev.sqliterest.rest;

import java.util.Optional;
import java.util.Set;

/**
 * sqlite-rest's {@code --security-allow-table}: only the listed tables and views are served, for
 * every action. Names are compared exactly (case-sensitive), as sqlite-rest does.
 */
public final class AllowListPolicy implements AccessPolicy {

  /** The message sqlite-rest answers with; kept for clients that look for it. */
  public static final String DENIED_MESSAGE = "Access Restricted";

  private final Set<String> tables;

  public AllowListPolicy(Set<String> tables) {
    this.tables = Set.copyOf(tables);
  }

  /** A policy allowing every table (for {@code --auth-disabled}-style local use and tests). */
  public static AccessPolicy allowAll() {
    return (principal, table, action, columns) -> Optional.empty();
  }

  public Set<String> tables() {
    return tables;
  }

  @Override
  public Optional<String> denied(
      HttpRequestData.Principal principal, String table, Action action, Set<String> columns) {
    return tables.contains(table) ? Optional.empty() : Optional.of(DENIED_MESSAGE);
  }
}
