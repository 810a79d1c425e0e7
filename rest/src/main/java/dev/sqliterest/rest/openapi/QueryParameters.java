package dev.sqliterest.rest.openapi;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sqliterest.rest.grammar.Operator;
import dev.sqliterest.rest.request.Preferences;
import dev.sqliterest.rest.request.RequestReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The request parameters of the query language: the reserved query parameters ({@link
 * RequestReader#RESERVED_PARAMETERS}), {@code Range}, {@code Range-Unit}, {@code Prefer} (its
 * options from {@link Preferences#ACCEPTED}) and one filter per column (its operators from {@link
 * Operator}: the supported ones and the aliases). Generated from those tables, so the description
 * cannot drift from what the parsers accept.
 */
final class QueryParameters {

  /** Component keys of the parameters that are not filters. */
  static final String RANGE = "Range";

  static final String RANGE_UNIT = "Range-Unit";
  static final String PREFER = "Prefer";

  private static final Map<String, String> DESCRIPTIONS =
      Map.of(
          "select",
          "Columns to return, comma-separated: *, column, alias:column, column::cast,"
              + " json_column->key->>key, and embedded rows of related tables through foreign keys"
              + " (authors(name), author:authors!author_id(*)).",
          "order",
          "Sort order, comma-separated: column[.asc|.desc][.nullsfirst|.nullslast].",
          "limit",
          "Most rows to return.",
          "offset",
          "Rows to skip.",
          "columns",
          "Comma-separated body keys to insert; other keys are ignored, missing ones are null"
              + " (or their default with Prefer: missing=default).",
          "on_conflict",
          "Comma-separated columns of a unique key; with Prefer: resolution=merge-duplicates or"
              + " ignore-duplicates, an insert that conflicts on them updates or skips the row.",
          "and",
          "Conditions that must all hold, e.g. (year.gte.1900,genre.eq.fantasy); and=(…) and"
              + " or=(…) nest.",
          "or",
          "Conditions of which one must hold, e.g. (year.lt.1900,genre.eq.fantasy).",
          "not.and",
          "Negated and=(…).",
          "not.or",
          "Negated or=(…).");

  private QueryParameters() {}

  /** The supported operator tokens, then the aliases. */
  static List<String> operators() {
    List<String> tokens = new ArrayList<>();
    for (Operator op : Operator.values()) {
      if (op.supported()) {
        tokens.add(op.token());
      }
    }
    Operator.ALIASES.keySet().stream().sorted().forEach(tokens::add);
    return tokens;
  }

  /** A regular expression every filter value matches: {@code [not.]op[(any|all)].value}. */
  static String filterPattern() {
    List<String> alternatives = new ArrayList<>();
    for (Operator op : Operator.values()) {
      if (op.supported()) {
        alternatives.add(op.token() + modifier(op));
      }
    }
    Operator.ALIASES.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> alternatives.add(e.getKey() + modifier(e.getValue())));
    return "^(not\\.)?(" + String.join("|", alternatives) + ")\\.";
  }

  /** What may follow the operator's token: {@code (any)}/{@code (all)}, or a search config. */
  private static String modifier(Operator op) {
    if (op.quantifiable()) {
      return "(\\((any|all)\\))?";
    }
    return op.fullText() ? "(\\([^)]*\\))?" : "";
  }

  /** The {@code FilterOperator} schema: the operators, explained. */
  static void operatorSchema(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "string");
    g.writeArrayFieldStart("enum");
    for (String token : operators()) {
      g.writeString(token);
    }
    g.writeEndArray();
    g.writeStringField(
        "description",
        "Filter operators, used as column=operator.value: eq, neq, gt, gte, lt, lte compare;"
            + " like and ilike match patterns with * as the wildcard (ilike ignores case); match"
            + " and imatch find a regular expression; in.(a,b,\"c,d\") lists values; is.null,"
            + " is.not_null, is.true, is.false, is.unknown test; isdistinct is IS DISTINCT FROM."
            + " fts, plfts, phfts and wfts search the columns of FTS5 tables (the (config) of"
            + " fts(english) is accepted and ignored)."
            + " not.operator negates any of them; operator(any).{a,b} and operator(all).{a,b}"
            + " compare with several values. "
            + Operator.ALIASES.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " is " + e.getValue().token())
                .collect(Collectors.joining(", "))
            + " (sqlite-rest's spelling).");
    g.writeEndObject();
  }

  /** Writes the parameters that are not filters, under their fixed keys. */
  static void writeFixed(JsonGenerator g, long maxRows) throws IOException {
    for (String name : RequestReader.RESERVED_PARAMETERS.stream().sorted().toList()) {
      String description = DESCRIPTIONS.get(name);
      if (description == null) {
        throw new IllegalStateException("query parameter " + name + " has no description");
      }
      if (name.equals("limit") && maxRows > 0) {
        description += " At most " + maxRows + " rows are returned whatever the limit.";
      }
      g.writeObjectFieldStart(name);
      g.writeStringField("name", name);
      g.writeStringField("in", "query");
      g.writeStringField("description", description);
      g.writeObjectFieldStart("schema");
      if (name.equals("limit") || name.equals("offset")) {
        g.writeStringField("type", "integer");
        g.writeNumberField("minimum", 0);
      } else {
        g.writeStringField("type", "string");
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    header(
        g,
        RANGE,
        "The rows to return, first-last (0-based, inclusive; last may be left out), e.g. 0-9;"
            + " combined with limit and offset.",
        "0-9");
    header(g, RANGE_UNIT, "The unit of Range: items.", "items");
    g.writeObjectFieldStart(PREFER);
    g.writeStringField("name", PREFER);
    g.writeStringField("in", "header");
    g.writeStringField(
        "description",
        "Comma-separated preferences: "
            + Preferences.ACCEPTED.entrySet().stream()
                .map(e -> e.getKey() + "=" + String.join("|", e.getValue()))
                .collect(Collectors.joining(", "))
            + " (N: an integer, *: any value). Unknown ones are ignored unless"
            + " handling=strict; Preference-Applied names those honoured.");
    g.writeObjectFieldStart("schema");
    g.writeStringField("type", "string");
    g.writeArrayFieldStart("examples");
    for (Map.Entry<String, List<String>> e : Preferences.ACCEPTED.entrySet()) {
      for (String value : e.getValue()) {
        g.writeString(
            e.getKey()
                + "="
                + (value.equals(Preferences.NUMBER)
                    ? "10"
                    : value.equals(Preferences.ANY) ? "UTC" : value));
      }
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  /** A filter on one column. */
  static void writeFilter(JsonGenerator g, String table, String column, String operatorRef)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", column);
    g.writeStringField("in", "query");
    g.writeStringField(
        "description",
        "Filter on "
            + table
            + "."
            + column
            + ": operator.value (see "
            + operatorRef
            + "), e.g. eq.5, ilike.*word*, in.(1,2), is.null, not.eq.5.");
    g.writeObjectFieldStart("schema");
    g.writeStringField("type", "string");
    g.writeStringField("pattern", filterPattern());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void header(JsonGenerator g, String name, String description, String example)
      throws IOException {
    g.writeObjectFieldStart(name);
    g.writeStringField("name", name);
    g.writeStringField("in", "header");
    g.writeStringField("description", description);
    g.writeObjectFieldStart("schema");
    g.writeStringField("type", "string");
    g.writeEndObject();
    g.writeStringField("example", example);
    g.writeEndObject();
  }
}
