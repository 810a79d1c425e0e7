package dev.sqliterest.rest.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.rest.grammar.TextQuery.All;
import dev.sqliterest.rest.grammar.TextQuery.Any;
import dev.sqliterest.rest.grammar.TextQuery.Phrase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The four PostgreSQL query flavours PostgREST's full-text operators stand for. */
final class TextSearchTest {

  private static Phrase w(String word) {
    return new Phrase(List.of(word), false);
  }

  private static All all(List<TextQuery> include, List<TextQuery> exclude) {
    return new All(include, exclude);
  }

  @Test
  void plain_everyWordRequired_punctuationDropped() {
    assertThat(TextSearch.parse(Operator.PLFTS, "  fat   cats - ate! "))
        .isEqualTo(all(List.of(w("fat"), w("cats"), w("ate!")), List.of()));
    assertThat(TextQuery.isEmpty(TextSearch.parse(Operator.PLFTS, " - , "))).isTrue();
  }

  @Test
  void phrase_isOnePhrase() {
    assertThat(TextSearch.parse(Operator.PHFTS, "the fat  cat"))
        .isEqualTo(new Phrase(List.of("the", "fat", "cat"), false));
  }

  @Test
  void websearch_quotesOrAndMinus() {
    assertThat(TextSearch.parse(Operator.WFTS, "\"supernovae stars\" -crab"))
        .isEqualTo(
            all(List.of(new Phrase(List.of("supernovae", "stars"), false)), List.of(w("crab"))));
    assertThat(TextSearch.parse(Operator.WFTS, "\"sad cat\" or \"fat rat\""))
        .isEqualTo(
            new Any(
                List.of(
                    all(List.of(new Phrase(List.of("sad", "cat"), false)), List.of()),
                    all(List.of(new Phrase(List.of("fat", "rat"), false)), List.of()))));
    assertThat(TextSearch.parse(Operator.WFTS, "signal -\"segmentation fault\""))
        .isEqualTo(
            all(
                List.of(w("signal")),
                List.of(new Phrase(List.of("segmentation", "fault"), false))));
    // "or" at the edges, a lone "-", an unterminated quote: text, never an error
    assertThat(TextSearch.parse(Operator.WFTS, "or cat or - \"dog"))
        .isEqualTo(
            new Any(
                List.of(
                    all(List.of(w("cat")), List.of()),
                    all(List.of(new Phrase(List.of("dog"), false)), List.of()))));
    assertThat(TextSearch.parse(Operator.WFTS, "OR Or"))
        .satisfies(q -> assertThat(TextQuery.isEmpty(q)).isTrue());
  }

  @Test
  void tsquery_operatorsPrecedenceQuotesAndPrefix() {
    assertThat(TextSearch.parse(Operator.FTS, "fat & (rat | cat) & !dog"))
        .isEqualTo(all(List.of(w("fat"), new Any(List.of(w("rat"), w("cat")))), List.of(w("dog"))));
    assertThat(TextSearch.parse(Operator.FTS, "a & b | c"))
        .isEqualTo(new Any(List.of(all(List.of(w("a"), w("b")), List.of()), w("c"))));
    assertThat(TextSearch.parse(Operator.FTS, "'fat' & 'cat'"))
        .isEqualTo(all(List.of(w("fat"), w("cat")), List.of()));
    assertThat(TextSearch.parse(Operator.FTS, "'supernovae stars' & !crab"))
        .isEqualTo(
            all(List.of(new Phrase(List.of("supernovae", "stars"), false)), List.of(w("crab"))));
    assertThat(TextSearch.parse(Operator.FTS, "fat <-> ca:*"))
        .isEqualTo(new Phrase(List.of("fat", "ca"), true));
    assertThat(TextSearch.parse(Operator.FTS, "'it''s'")).isEqualTo(w("it's"));
    assertThat(TextSearch.parse(Operator.FTS, "!!cat")).isEqualTo(w("cat"));
  }

  @Test
  void tsquery_whatItCannotSay_failsWithAPosition() {
    assertThatThrownBy(() -> TextSearch.parse(Operator.FTS, "fat cat"))
        .isInstanceOf(QueryParseError.class)
        .hasMessageContaining("unexpected \"c\"");
    assertThatThrownBy(() -> TextSearch.parse(Operator.FTS, "fat <2> cat"))
        .hasMessageContaining("only <-> (and <1>)");
    assertThatThrownBy(() -> TextSearch.parse(Operator.FTS, "fat:AB"))
        .hasMessageContaining("only the prefix mark :*");
    assertThatThrownBy(() -> TextSearch.parse(Operator.FTS, "(a | b) <-> c"))
        .hasMessageContaining("cannot be part of a phrase");
    assertThatThrownBy(() -> TextSearch.parse(Operator.FTS, "a:* <-> b"))
        .hasMessageContaining("only the last word");
    assertThatThrownBy(() -> TextSearch.parse(Operator.FTS, "(a & b"))
        .hasMessageContaining("to close the group");
    assertThatThrownBy(() -> TextSearch.parse(Operator.FTS, "'open"))
        .hasMessageContaining("unterminated quoted word");
    assertThatThrownBy(() -> TextSearch.parse(Operator.FTS, "a &"))
        .hasMessageContaining("a word is missing at the end");
    assertThatThrownBy(() -> TextSearch.parse(Operator.FTS, "(".repeat(40) + "a" + ")".repeat(40)))
        .hasMessageContaining("nest at most");
  }
}
