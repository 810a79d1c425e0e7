package dev.sqliterest.rest.sql;

import dev.sqliterest.rest.grammar.TextQuery;

/**
 * Writes a {@link TextQuery} in FTS5's query syntax, restricted to one column: {@code "col" :
 * ("cat" AND "dog" OR "sea" NOT "salt")}. Every word and phrase is an FTS5 string (double quotes,
 * an inner {@code "} doubled), so nothing the client wrote is read as FTS5 syntax; the result is
 * bound as the MATCH operand, never pasted into SQL.
 */
final class FullText {

  private FullText() {}

  /** The MATCH operand for {@code query} on {@code column}; the query must not be empty. */
  static String match(String column, TextQuery query) {
    StringBuilder out = new StringBuilder();
    string(out, column).append(" : (");
    return expression(out, query).append(')').toString();
  }

  private static StringBuilder expression(StringBuilder out, TextQuery query) {
    switch (query) {
      case TextQuery.Phrase p -> {
        string(out, String.join(" ", p.words()));
        if (p.prefix()) {
          out.append(" *");
        }
      }
      case TextQuery.Any any -> {
        String sep = "";
        for (TextQuery option :
            any.options().stream().filter(q -> !TextQuery.isEmpty(q)).toList()) {
          expression(out.append(sep).append('('), option).append(')');
          sep = " OR ";
        }
      }
      case TextQuery.All all -> {
        String sep = "";
        for (TextQuery q : all.include().stream().filter(q -> !TextQuery.isEmpty(q)).toList()) {
          expression(out.append(sep).append('('), q).append(')');
          sep = " AND ";
        }
        // FTS5's NOT is binary and binds tightest: (a AND b) NOT (c) NOT (d)
        for (TextQuery q : all.exclude().stream().filter(q -> !TextQuery.isEmpty(q)).toList()) {
          expression(out.append(" NOT ("), q).append(')');
        }
      }
    }
    return out;
  }

  private static StringBuilder string(StringBuilder out, String text) {
    return out.append('"').append(text.replace("\"", "\"\"")).append('"');
  }
}
