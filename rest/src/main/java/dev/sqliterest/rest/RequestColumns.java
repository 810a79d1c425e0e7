package dev.sqliterest.rest;

import dev.sqliterest.rest.grammar.Condition;
import dev.sqliterest.rest.grammar.OrderTerm;
import dev.sqliterest.rest.grammar.SelectItem;
import dev.sqliterest.rest.request.ApiRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The column names a request reads or writes, for {@link AccessPolicy} (empty means "all"). */
final class RequestColumns {

  private RequestColumns() {}

  static Set<String> of(ApiRequest request) {
    Set<String> names = new LinkedHashSet<>();
    for (SelectItem item : request.select()) {
      switch (item) {
        case SelectItem.Star star -> {
          return Set.of();
        }
        case SelectItem.Column c -> names.add(c.field().name());
      }
    }
    conditions(request.filters(), names);
    for (OrderTerm t : request.order()) {
      names.add(t.field().name());
    }
    if (request.payload() != null) {
      names.addAll(request.columns() != null ? request.columns() : request.payload().keys());
    }
    return names;
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
