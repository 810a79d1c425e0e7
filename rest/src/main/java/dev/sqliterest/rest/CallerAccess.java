package dev.sqliterest.rest;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.plan.Embed;
import dev.sqliterest.rest.plan.Output;
import dev.sqliterest.rest.plan.Predicate;
import dev.sqliterest.rest.plan.Sort;
import dev.sqliterest.rest.schema.Table;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The access policy as it applies to one caller, for the checks that need the plan: the columns an
 * embed joins on are read on both sides (so {@code select=id,authors(id)} reads {@code
 * books.author_id} as well as {@code authors.id}), a many-to-many embed also reads the junction
 * table's two foreign keys, and the columns selected, filtered and ordered inside an embed are read
 * on the embedded table ({@code !inner} filters parents by them, spreads show them). Without this,
 * an embed would reveal a column the caller may not read.
 */
record CallerAccess(AccessPolicy policy, HttpRequestData.Principal principal) {

  /** Whether an error hint may name {@code table}: the caller may read some of it. */
  boolean mayReadSome(String table) {
    return policy.mayReadSome(principal, table);
  }

  /** Whether the caller may do {@code action} on {@code columns} of {@code table}. */
  boolean may(String table, AccessPolicy.Action action, Set<String> columns) {
    return policy.denied(principal, table, action, columns).isEmpty();
  }

  /**
   * Checks every embed among {@code outputs} (of rows of {@code parent}), at any depth; a denial is
   * a 403 before the statement runs.
   */
  void checkEmbeds(Table parent, List<Output> outputs) {
    Set<String> parentJoins = new LinkedHashSet<>();
    for (Output output : outputs) {
      Embed e = output.embed();
      if (e == null) {
        continue;
      }
      parentJoins.addAll(e.parentColumns());
      Set<String> childReads = new LinkedHashSet<>(e.childColumns());
      for (Output o : e.outputs()) {
        if (o.ref() != null) { // not an embed, nor count()
          childReads.add(o.ref().column().name());
        }
      }
      predicates(e.where(), childReads);
      for (Sort s : e.order()) {
        childReads.add(s.ref().column().name());
      }
      require(e.child().name(), childReads);
      if (e.junction() != null) {
        Set<String> junctionReads = new LinkedHashSet<>(e.junction().parentSide());
        junctionReads.addAll(e.junction().childSide());
        require(e.junction().table().name(), junctionReads);
      }
      checkEmbeds(e.child(), e.outputs());
    }
    if (!parentJoins.isEmpty()) {
      require(parent.name(), parentJoins);
    }
  }

  private void require(String table, Set<String> columns) {
    Optional<String> denied = policy.denied(principal, table, AccessPolicy.Action.READ, columns);
    if (denied.isPresent()) {
      throw ApiError.forbidden(denied.get(), table).exception();
    }
  }

  private static void predicates(List<Predicate> where, Set<String> columns) {
    for (Predicate p : where) {
      switch (p) {
        case Predicate.Test t -> columns.add(t.ref().column().name());
        case Predicate.Search s -> columns.add(s.ref().column().name());
        case Predicate.Junction j -> predicates(j.children(), columns);
      }
    }
  }
}
