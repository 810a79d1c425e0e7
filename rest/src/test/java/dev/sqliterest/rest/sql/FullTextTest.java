package dev.sqliterest.rest.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.rest.grammar.Operator;
import dev.sqliterest.rest.grammar.TextSearch;
import org.junit.jupiter.api.Test;

/** FTS5 query text: one column, every word an FTS5 string. */
final class FullTextTest {

  private static String match(Operator op, String text) {
    return FullText.match("body", TextSearch.parse(op, text));
  }

  @Test
  void flavours() {
    assertThat(match(Operator.PLFTS, "fat cats"))
        .isEqualTo("\"body\" : ((\"fat\") AND (\"cats\"))");
    assertThat(match(Operator.PHFTS, "fat cats")).isEqualTo("\"body\" : (\"fat cats\")");
    assertThat(match(Operator.WFTS, "fat or \"lean rat\" -dog"))
        .isEqualTo("\"body\" : (((\"fat\")) OR ((\"lean rat\") NOT (\"dog\")))");
    assertThat(match(Operator.FTS, "fat & !(dog | rat) & ca:*"))
        .isEqualTo("\"body\" : ((\"fat\") AND (\"ca\" *) NOT ((\"dog\") OR (\"rat\")))");
  }

  /** What would be FTS5 syntax stays inside strings: operators, column filters, NEAR, quotes. */
  @Test
  void clientText_neverBecomesFts5Syntax() {
    assertThat(match(Operator.PLFTS, "cat\" OR \"dog"))
        .isEqualTo("\"body\" : ((\"cat\"\"\") AND (\"OR\") AND (\"\"\"dog\"))");
    assertThat(match(Operator.PHFTS, "x\" OR title : \"y"))
        .isEqualTo("\"body\" : (\"x\"\" OR title \"\"y\")");
    assertThat(match(Operator.WFTS, "NEAR(a b) {title}:secret *"))
        .isEqualTo("\"body\" : ((\"NEAR(a\") AND (\"b)\") AND (\"{title}:secret\"))");
    assertThat(FullText.match("we\"ird", TextSearch.parse(Operator.PLFTS, "a")))
        .isEqualTo("\"we\"\"ird\" : ((\"a\"))");
  }
}
