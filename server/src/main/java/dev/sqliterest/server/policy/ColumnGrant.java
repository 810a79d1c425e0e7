package dev.sqliterest.server.policy;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Which columns one verb may touch: all of them, or a named set. */
sealed interface ColumnGrant {

  /** The columns of {@code requested} this grant does not cover (empty: all covered). */
  Set<String> uncovered(Set<String> requested);

  /** Every column, present and future. */
  record All() implements ColumnGrant {
    @Override
    public Set<String> uncovered(Set<String> requested) {
      return Set.of();
    }
  }

  /**
   * Only these columns. SQLite resolves column names case-insensitively, so the comparison is too
   * (otherwise {@code select=TITLE} would be refused for a grant on {@code title}).
   */
  record Only(Set<String> columns) implements ColumnGrant {
    public Only {
      columns = columns.stream().map(Only::fold).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Set<String> uncovered(Set<String> requested) {
      return requested.stream()
          .filter(c -> !columns.contains(fold(c)))
          .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String fold(String column) {
      return column.toLowerCase(Locale.ROOT);
    }
  }
}
