package dev.sqliterest.rest;

import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a caller may perform an action on a table or view. The API engine asks it for
 * every request, before any SQL runs; a denial becomes a 403 with PostgREST-style JSON.
 */
public interface AccessPolicy {

  /** What a request does to its target. */
  enum Action {
    READ,
    INSERT,
    UPDATE,
    DELETE
  }

  /**
   * Returns empty when allowed, otherwise the reason shown to the client as the error message.
   *
   * @param table the table or view named in the path
   * @param columns the columns the request reads or writes (empty when not known or "all")
   */
  Optional<String> denied(
      HttpRequestData.Principal principal, String table, Action action, Set<String> columns);

  /**
   * Whether the caller may read at least one column of {@code table}; only such tables are named in
   * hints (a 404's "Perhaps you meant"), so errors do not reveal tables the caller cannot see. A
   * policy with column grants overrides this; the default asks for every column.
   */
  default boolean mayReadSome(HttpRequestData.Principal principal, String table) {
    return denied(principal, table, Action.READ, Set.of()).isEmpty();
  }
}
