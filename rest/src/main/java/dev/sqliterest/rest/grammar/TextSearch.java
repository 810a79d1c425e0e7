package dev.sqliterest.rest.grammar;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the operand of PostgREST's full-text operators into a {@link TextQuery}, following the
 * PostgreSQL function each one stands for:
 *
 * <ul>
 *   <li>{@code plfts} ({@code plainto_tsquery}): every word, all required;
 *   <li>{@code phfts} ({@code phraseto_tsquery}): the words as one phrase;
 *   <li>{@code wfts} ({@code websearch_to_tsquery}): words are required, {@code "quoted text"} is a
 *       phrase, {@code or} between terms makes alternatives, {@code -term} excludes;
 *   <li>{@code fts} ({@code to_tsquery}): {@code &}, {@code |}, {@code !}, parentheses, {@code <->}
 *       (followed by), {@code 'quoted words'} and the prefix mark {@code :*}.
 * </ul>
 *
 * <p>A "word" is a run of characters other than spaces; the table's own tokenizer splits it
 * further. Runs without a letter or digit are dropped, as PostgreSQL's parser drops punctuation.
 */
public final class TextSearch {

  private TextSearch() {}

  /** Parses {@code text} for {@code op}, one of the four full-text operators. */
  public static TextQuery parse(Operator op, String text) {
    return switch (op) {
      case PLFTS ->
          new TextQuery.All(words(text).stream().map(TextSearch::word).toList(), List.of());
      case PHFTS -> new TextQuery.Phrase(words(text), false);
      case WFTS -> websearch(text);
      case FTS -> new TsQuery(text).parse();
      default -> throw new IllegalArgumentException("not a full-text operator: " + op);
    };
  }

  private static TextQuery word(String w) {
    return new TextQuery.Phrase(List.of(w), false);
  }

  /** Whitespace-separated runs that hold at least one letter or digit. */
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String w : text.strip().split("\\s+")) {
      if (hasWordCharacter(w)) {
        words.add(w);
      }
    }
    return words;
  }

  private static boolean hasWordCharacter(String s) {
    return s.codePoints().anyMatch(Character::isLetterOrDigit);
  }

  /** {@code websearch_to_tsquery}: it never fails; syntax it does not understand is text. */
  private static TextQuery websearch(String text) {
    List<TextQuery> alternatives = new ArrayList<>();
    List<TextQuery> include = new ArrayList<>();
    List<TextQuery> exclude = new ArrayList<>();
    int i = 0;
    int n = text.length();
    boolean orPending = false;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      boolean negated = c == '-' && i + 1 < n && !Character.isWhitespace(text.charAt(i + 1));
      if (negated) {
        i++;
        c = text.charAt(i);
      }
      TextQuery term;
      if (c == '"') {
        int close = text.indexOf('"', i + 1);
        int end = close < 0 ? n : close;
        term = new TextQuery.Phrase(words(text.substring(i + 1, end)), false);
        i = close < 0 ? n : close + 1;
      } else {
        int start = i;
        while (i < n && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '"') {
          i++;
        }
        String w = text.substring(start, i);
        if (!negated && w.toLowerCase(Locale.ROOT).equals("or")) {
          orPending = !include.isEmpty() || !exclude.isEmpty();
          continue;
        }
        if (!hasWordCharacter(w)) {
          continue;
        }
        term = word(w);
      }
      if (TextQuery.isEmpty(term)) {
        continue;
      }
      if (orPending) {
        alternatives.add(new TextQuery.All(include, exclude));
        include = new ArrayList<>();
        exclude = new ArrayList<>();
        orPending = false;
      }
      (negated ? exclude : include).add(term);
    }
    if (!include.isEmpty() || !exclude.isEmpty()) {
      alternatives.add(new TextQuery.All(include, exclude));
    }
    return alternatives.size() == 1 ? alternatives.getFirst() : new TextQuery.Any(alternatives);
  }

  /**
   * {@code to_tsquery}: or := and ('|' and)*; and := not ('&' not)*; not := '!' not | phrase;
   * phrase := operand ('<->' operand)*; operand := '(' or ')' | word [':*'].
   */
  private static final class TsQuery {
    private final Cursor c;
    private int depth;

    TsQuery(String text) {
      this.c = new Cursor(text);
    }

    TextQuery parse() {
      c.skipSpaces();
      if (c.atEnd()) {
        return new TextQuery.All(List.of(), List.of());
      }
      TextQuery q = or();
      c.skipSpaces();
      if (!c.atEnd()) {
        throw c.error("unexpected \"" + c.peek() + "\" in the tsquery");
      }
      return q;
    }

    private TextQuery or() {
      List<TextQuery> options = new ArrayList<>();
      do {
        options.add(and());
        c.skipSpaces();
      } while (c.accept('|'));
      return options.size() == 1 ? options.getFirst() : new TextQuery.Any(options);
    }

    private TextQuery and() {
      List<TextQuery> include = new ArrayList<>();
      List<TextQuery> exclude = new ArrayList<>();
      do {
        c.skipSpaces();
        boolean negated = false;
        while (c.accept('!')) {
          negated = !negated;
          c.skipSpaces();
        }
        (negated ? exclude : include).add(phrase());
        c.skipSpaces();
      } while (c.accept('&'));
      return include.size() == 1 && exclude.isEmpty()
          ? include.getFirst()
          : new TextQuery.All(include, exclude);
    }

    private TextQuery phrase() {
      TextQuery first = operand();
      c.skipSpaces();
      if (!c.peekIs('<')) {
        return first;
      }
      TextQuery.Phrase last = asPhrase(first);
      List<String> words = new ArrayList<>(last.words());
      while (c.peekIs('<')) {
        if (!c.accept("<->") && !c.accept("<1>")) {
          throw c.error("only <-> (and <1>) is supported between words, not other distances");
        }
        if (last.prefix()) {
          throw c.error("only the last word of a <-> phrase may be a prefix (:*)");
        }
        last = asPhrase(operand());
        words.addAll(last.words());
        c.skipSpaces();
      }
      return new TextQuery.Phrase(words, last.prefix());
    }

    private TextQuery.Phrase asPhrase(TextQuery q) {
      if (q instanceof TextQuery.Phrase p) {
        return p;
      }
      throw c.error("<-> joins words; a group in parentheses cannot be part of a phrase");
    }

    private TextQuery operand() {
      c.skipSpaces();
      if (c.accept('(')) {
        if (++depth > QueryParser.MAX_LOGIC_DEPTH) {
          throw c.error(
              "tsquery groups may nest at most " + QueryParser.MAX_LOGIC_DEPTH + " levels");
        }
        TextQuery inner = or();
        c.skipSpaces();
        c.expect(')', "to close the group");
        depth--;
        return inner;
      }
      List<String> words;
      if (c.peekIs('\'')) {
        words = words(quotedLexeme());
      } else {
        String w = c.until(" \t\n\r&|!()<>:'");
        if (w.isEmpty()) {
          throw c.error(c.atEnd() ? "a word is missing at the end" : "expected a word");
        }
        words = hasWordCharacter(w) ? List.of(w) : List.of();
      }
      boolean prefix = false;
      if (c.accept(':')) {
        String weights = c.until(" \t\n\r&|!()<>");
        if (!weights.equals("*")) {
          throw c.error("only the prefix mark :* is supported after a word (not weights)");
        }
        prefix = true;
      }
      return new TextQuery.Phrase(words, prefix && !words.isEmpty());
    }

    /** {@code 'text'} with {@code ''} for a quote, as PostgreSQL writes lexemes. */
    private String quotedLexeme() {
      c.expect('\'', "to open a quoted word");
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (c.atEnd()) {
          throw c.error("unterminated quoted word");
        }
        char ch = c.peek();
        c.accept(ch);
        if (ch == '\'') {
          if (!c.accept('\'')) {
            return sb.toString();
          }
        }
        sb.append(ch);
      }
    }
  }
}
