package dev.sqliterest.rest.grammar;

import java.util.List;

/**
 * A full-text search query, parsed from the operand of {@code fts}, {@code plfts}, {@code phfts} or
 * {@code wfts}: words and phrases combined with and, or and "but not".
 */
public sealed interface TextQuery {

  /**
   * Words that must appear next to each other, in order (one word is a one-word phrase).
   *
   * @param prefix the last word is a prefix ({@code word:*})
   */
  record Phrase(List<String> words, boolean prefix) implements TextQuery {
    public Phrase {
      words = List.copyOf(words);
    }
  }

  /** Every query of {@code include}, and none of {@code exclude}. */
  record All(List<TextQuery> include, List<TextQuery> exclude) implements TextQuery {
    public All {
      include = List.copyOf(include);
      exclude = List.copyOf(exclude);
    }
  }

  /** At least one of {@code options}. */
  record Any(List<TextQuery> options) implements TextQuery {
    public Any {
      options = List.copyOf(options);
    }
  }

  /** The query that matches nothing: no word survived parsing (PostgreSQL's empty tsquery). */
  static boolean isEmpty(TextQuery q) {
    return switch (q) {
      case Phrase p -> p.words().isEmpty();
      case All a -> a.include().stream().allMatch(TextQuery::isEmpty) && a.exclude().isEmpty();
      case Any a -> a.options().stream().allMatch(TextQuery::isEmpty);
    };
  }
}
