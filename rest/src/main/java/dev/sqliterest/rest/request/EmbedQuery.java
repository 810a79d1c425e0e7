package dev.sqliterest.rest.request;

import dev.sqliterest.rest.grammar.Condition;
import dev.sqliterest.rest.grammar.OrderTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Query parameters aimed at an embedded resource, e.g. {@code actors.order=name}, {@code
 * actors.limit=2}, {@code roles.character=eq.x}, {@code actors.or=(…)}.
 *
 * @param path the embed names (alias, else relation) from the top-level resource down
 */
public record EmbedQuery(
    List<String> path,
    List<Condition> filters,
    List<OrderTerm> order,
    long offset,
    OptionalLong limit) {

  public EmbedQuery {
    path = List.copyOf(path);
    filters = List.copyOf(filters);
    order = List.copyOf(order);
  }

  /** Mutable collector used while reading the query string. */
  static final class Builder {
    final List<String> path;
    final List<Condition> filters = new ArrayList<>();
    List<OrderTerm> order = List.of();
    long offset;
    Long limit;

    Builder(List<String> path) {
      this.path = path;
    }

    EmbedQuery build() {
      return new EmbedQuery(
          path,
          filters,
          order,
          offset,
          limit == null ? OptionalLong.empty() : OptionalLong.of(limit));
    }
  }
}
