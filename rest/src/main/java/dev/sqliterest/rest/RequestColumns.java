package dev.sqliterest.rest;

import dev.sqliterest.rest.grammar.Condition;
import dev.sqliterest.rest.grammar.OrderTerm;
import dev.sqliterest.rest.grammar.SelectItem;
import dev.sqliterest.rest.request.ApiRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The column names a request reads and writes, for {@link AccessPolicy} (an empty set means "all
 * columns"). Kept apart because a write reads too: {@code PATCH /t?id=eq.1 {"price":1}} writes
 * {@code price} but reads {@code id} (PostgreSQL likewise needs SELECT on a column used in WHERE).
 */
final class RequestColumns {

  private RequestColumns() {}

  /**
   * The columns a request reads: the selected ones when rows are returned ({@code *}: all), plus
   * filtered and ordered ones. Empty when a write reads nothing (no filter, no representation).
   */
  static Optional<Set<String>> read(ApiRequest request) {
    Set<String> names = new LinkedHashSet<>();
    if (request.wantsRows()) {
      for (SelectItem item : request.select()) {
        switch (item) {
          case SelectItem.Star star -> {
            return Optional.of(Set.of());
          }
          case SelectItem.Column c -> names.add(c.field().name());
          case SelectItem.Count c -> {} // counts rows, reads no column
          case SelectItem.Embed e -> {} // the embedded table is checked on its own
        }
      }
    }
    conditions(request.filters(), names);
    for (OrderTerm t : request.order()) {
      names.add(t.field().name());
    }
    return request.wantsRows() || !names.isEmpty() ? Optional.of(names) : Optional.empty();
  }

  /** The columns a write sets: {@code columns=} when given, else the body's keys. */
  static Set<String> written(ApiRequest request) {
    if (request.payload() == null) {
      return Set.of();
    }
    return new LinkedHashSet<>(
        request.columns() != null ? request.columns() : request.payload().keys());
  }

  /** Every table embedded by {@code select}, at any depth; each needs its own access check. */
  static Set<String> embeddedTables(List<SelectItem> items) {
    Set<String> tables = new LinkedHashSet<>();
    for (SelectItem item : items) {
      if (item instanceof SelectItem.Embed e) {
        tables.add(e.relation());
        tables.addAll(embeddedTables(e.items()));
      }
    }
    return tables;
  }

  private static void conditions(List<Condition> conditions, Set<String> names) {
    for (Condition c : conditions) {
      switch (c) {
        case Condition.Filter f -> names.add(f.field().name());
        case Condition.Logic l -> conditions(l.children(), names);
      }
    }
  }
}
