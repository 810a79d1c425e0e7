package dev.sqliterest.rest;

import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.plan.MutatePlan;
import dev.sqliterest.rest.plan.Planner;
import dev.sqliterest.rest.plan.WritePlanner;
import dev.sqliterest.rest.request.ApiRequest;
import dev.sqliterest.rest.request.MediaType;
import dev.sqliterest.rest.request.Preferences;
import dev.sqliterest.rest.response.ContentRange;
import dev.sqliterest.rest.response.RowWriter;
import dev.sqliterest.rest.schema.Table;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.StatementJournal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Runs POST/PATCH/PUT/DELETE inside one {@code BEGIN IMMEDIATE} transaction on the database's
 * single writer thread. A response that must not commit ({@code Prefer: tx=rollback}, a singular
 * response over a row count other than one, {@code max-affected} exceeded) unwinds as {@link
 * Rollback}, which makes {@link Database#write} roll back and is then answered normally.
 */
final class WriteExecutor {

  /** The most rows an insert may have and still keep its statement journal in memory. */
  static final int MEMORY_JOURNAL_ROWS = 1000;

  private final Database database;
  private final LiveSchema schema;
  private final StatementCache statements;
  private final RestApiOptions options;
  private final WriteAcknowledgement acknowledgement;

  WriteExecutor(
      Database database, LiveSchema schema, StatementCache statements, RestApiOptions options) {
    this.database = database;
    this.schema = schema;
    this.statements = statements;
    this.options = options;
    this.acknowledgement = new WriteAcknowledgement(options.durability());
  }

  /** Carries the response of a transaction that was rolled back on purpose. */
  private static final class Rollback extends RuntimeException {
    private final transient HttpResponseData response;

    Rollback(HttpResponseData response) {
      super("rollback requested", null, false, false);
      this.response = response;
    }
  }

  /** Runs a write for {@code caller} (whose grants also cover embeds in the returned rows). */
  HttpResponseData execute(ApiRequest request, Timing timing, CallerAccess caller)
      throws SQLException {
    Preferences.Durability asked = acknowledgement.asked(request.preferences());
    HttpResponseData response;
    try {
      response =
          database.write(journal(request), connection -> run(connection, request, timing, caller));
    } catch (Rollback r) {
      return r.response; // nothing committed, nothing to acknowledge
    }
    return acknowledgement.committed(response, asked, database.commits());
  }

  private HttpResponseData run(
      Connection connection, ApiRequest request, Timing timing, CallerAccess caller)
      throws SQLException {
    Table table = Planner.target(schema.current(connection), request.table(), caller::mayReadSome);
    MutatePlan plan = WritePlanner.plan(request, table);
    caller.checkEmbeds(table, plan.returning());
    timing.mark("plan");
    RowWriter writer =
        plan.returning().isEmpty()
                || request.preferences().returnOrMinimal()
                    != Preferences.ReturnPreference.REPRESENTATION
            ? null
            : new RowWriter(plan.returning(), request.accept());
    MutationRunner.Outcome outcome = MutationRunner.run(connection, statements, plan, writer);
    timing.mark("query");
    Preferences prefs = request.preferences();
    List<String> applied = new ArrayList<>();
    boolean countTotal = prefs.count() != Preferences.Count.NONE;
    if (prefs.strict() && prefs.maxAffected().isPresent() && isUpdateOrDelete(request)) {
      applied.add("handling=strict");
      applied.add("max-affected=" + prefs.maxAffected().getAsLong());
      if (outcome.affected() > prefs.maxAffected().getAsLong()) {
        throw new Rollback(
            HttpResponseData.error(
                new ApiError(
                    400,
                    "PGRST124",
                    "Query result exceeds max-affected preference constraint",
                    "The query affects " + outcome.affected() + " rows",
                    null)));
      }
    }
    if (request.accept().type() == MediaType.SINGLE_OBJECT && outcome.affected() != 1) {
      throw new Rollback(HttpResponseData.error(ApiError.notSingular(outcome.affected())));
    }
    HttpResponseData response = respond(request, table, outcome, writer, applied, countTotal);
    if (prefs.tx() == Preferences.Tx.ROLLBACK && options.allowTxOverride()) {
      throw new Rollback(response);
    }
    return response;
  }

  /**
   * An insert of at most {@link #MEMORY_JOURNAL_ROWS} rows keeps its statement journal in memory:
   * it changes a few pages per row (the table's and each index's leaf where the row goes), about
   * 360 KiB for 1,000 rows of the benchmark's table with one index, and writing that to a file was
   * a fifth of the writer's CPU. Updates and deletes can change a whole table, so theirs stays in a
   * file (as does every write's when the schema has triggers, see {@link StatementJournal}).
   */
  private static StatementJournal journal(ApiRequest request) {
    boolean insert =
        request.method() == ApiRequest.Method.POST || request.method() == ApiRequest.Method.PUT;
    return insert
            && request.payload() != null
            && request.payload().rows().size() <= MEMORY_JOURNAL_ROWS
        ? StatementJournal.MEMORY
        : StatementJournal.FILE;
  }

  private static boolean isUpdateOrDelete(ApiRequest request) {
    return request.method() == ApiRequest.Method.PATCH
        || request.method() == ApiRequest.Method.DELETE;
  }

  private HttpResponseData respond(
      ApiRequest request,
      Table table,
      MutationRunner.Outcome outcome,
      RowWriter writer,
      List<String> applied,
      boolean countTotal) {
    Preferences prefs = request.preferences();
    Responses r = new Responses().rows(outcome.affected());
    if (prefs.returning() != null) {
      applied.addFirst(
          "return=" + prefs.returning().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    if (countTotal) {
      applied.add("count=" + prefs.count().name().toLowerCase(Locale.ROOT));
    }
    if (request.method() == ApiRequest.Method.POST) {
      if (prefs.resolution() != Preferences.Resolution.NONE) {
        applied.add(
            "resolution=" + prefs.resolution().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      if (prefs.missingDefault()) {
        applied.add("missing=default");
      }
    }
    if (prefs.tx() != Preferences.Tx.NONE && options.allowTxOverride()) {
      applied.add("tx=" + prefs.tx().name().toLowerCase(Locale.ROOT));
    }
    OptionalLong total = countTotal ? OptionalLong.of(outcome.affected()) : OptionalLong.empty();
    String range =
        request.method() == ApiRequest.Method.POST
            ? "*/" + (countTotal ? Long.toString(outcome.affected()) : "*")
            : ContentRange.header(0, outcome.affected(), total);
    r.header("Content-Range", range);
    if (!applied.isEmpty()) {
      r.header("Preference-Applied", String.join(", ", applied));
    }
    if (outcome.location() != null) {
      r.header("Location", "/" + table.name() + "?" + outcome.location());
    }
    boolean body = writer != null;
    int status =
        switch (request.method()) {
          case POST -> 201;
          case PUT -> body ? (outcome.inserted() ? 201 : 200) : 204;
          default -> body ? 200 : 204;
        };
    if (!body) {
      return r.build(status, new byte[0]);
    }
    r.header("Content-Type", request.accept().type().contentType());
    return r.build(status, writer.finish());
  }
}
