package dev.sqliterest.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link PendingWrite}s in transactions on the writer connection (writer thread only).
 *
 * <p>{@link #alone} gives one write its own {@code BEGIN IMMEDIATE … COMMIT}. {@link #together}
 * (group commit) gives a batch of writes one transaction with a {@code SAVEPOINT} per write: a
 * write that throws is rolled back to its savepoint and fails alone, the others see the database as
 * if the writes before them had committed one by one, and one {@code COMMIT} (one fsync under
 * synchronous=FULL) makes them durable together; nobody is answered before it. When the transaction
 * as a whole cannot commit (COMMIT refused, or SQLite rolled the transaction back after an I/O or
 * disk-full error), it is rolled back and every write of the batch runs again alone, so one write's
 * failure never becomes its neighbours'. A schema with deferred constraints is never batched:
 * SQLite checks those only at COMMIT, where a later write of the batch could hide an earlier one's
 * violation. Statement journals are kept where the writes ask ({@link StatementJournal}).
 */
final class Committer {

  private static final String SAVEPOINT = "sqlite_rest_write";

  private final Connection connection;
  private final Runnable afterCommit;

  /** The transaction statements, prepared on the writer connection (closed with it). */
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  private long checkedSchemaVersion = -1;
  private boolean schemaDefers;
  private boolean schemaHasTriggers;

  /** Where the writer connection keeps statement journals now (SQLite's default: a file). */
  private StatementJournal journal = StatementJournal.FILE;

  Committer(Connection connection, Runnable afterCommit) {
    this.connection = connection;
    this.afterCommit = afterCommit;
  }

  /** Commits {@code batch} in one transaction when it can, else each write alone. */
  void commit(List<PendingWrite<?>> batch) {
    if (batch.size() == 1 || !together(batch)) {
      batch.forEach(this::alone);
    }
  }

  void alone(PendingWrite<?> write) {
    try {
      journalFor(List.of(write));
      execute("BEGIN IMMEDIATE");
      write.runOn(connection);
      if (write.failed()) {
        rollbackQuietly(write.failure());
      } else {
        execute("COMMIT");
        afterCommit(List.of(write));
      }
    } catch (SQLException e) {
      rollbackQuietly(e);
      write.fail(e);
    }
    write.answer();
  }

  /** Returns false, with nothing committed and nobody answered, when the batch must run alone. */
  private boolean together(List<PendingWrite<?>> batch) {
    try {
      journalFor(batch);
      execute("BEGIN IMMEDIATE");
      if (schemaDefersConstraints()) {
        execute("ROLLBACK");
        return false;
      }
      for (PendingWrite<?> write : batch) {
        execute("SAVEPOINT " + SAVEPOINT);
        write.runOn(connection);
        if (write.failed()) {
          execute("ROLLBACK TO " + SAVEPOINT);
        }
        execute("RELEASE " + SAVEPOINT);
      }
      execute("COMMIT");
    } catch (SQLException e) {
      rollbackQuietly(e);
      return false;
    }
    afterCommit(batch);
    batch.forEach(PendingWrite::answer);
    return true;
  }

  /**
   * Runs the commit listeners; a listener's failure is reported to the writes, as it always was.
   */
  private void afterCommit(List<PendingWrite<?>> committed) {
    try {
      afterCommit.run();
    } catch (RuntimeException e) {
      committed.forEach(w -> w.fail(e));
    }
  }

  /**
   * Keeps the statement journals of the transaction about to begin in memory when every write of
   * {@code writes} allows it and the schema has no triggers, else in SQLite's default place. SQLite
   * reads {@code temp_store} when a transaction begins, so the pragma runs before {@code BEGIN},
   * and only when it changes; it is run unprepared each time because a pragma takes effect when it
   * is compiled.
   */
  private void journalFor(List<PendingWrite<?>> writes) throws SQLException {
    StatementJournal wanted = StatementJournal.MEMORY;
    for (PendingWrite<?> write : writes) {
      if (write.journal() != StatementJournal.MEMORY) {
        wanted = StatementJournal.FILE;
        break;
      }
    }
    if (wanted == StatementJournal.MEMORY) {
      checkSchema();
      if (schemaHasTriggers) { // a trigger can change any number of pages of other tables
        wanted = StatementJournal.FILE;
      }
    }
    if (wanted != journal) {
      try (Statement st = connection.createStatement()) {
        st.execute(
            wanted == StatementJournal.MEMORY
                ? "PRAGMA temp_store=MEMORY"
                : "PRAGMA temp_store=DEFAULT");
      }
      journal = wanted;
    }
  }

  private boolean schemaDefersConstraints() throws SQLException {
    checkSchema();
    return schemaDefers;
  }

  /** Refreshes what the batching rules need to know of the schema, once per schema version. */
  private void checkSchema() throws SQLException {
    long version = queryLong("PRAGMA schema_version");
    if (version != checkedSchemaVersion) {
      // LIKE ignores ASCII case: catches INITIALLY DEFERRED in any spelling (and, harmlessly, the
      // odd name containing "deferred", which only turns batching off)
      schemaDefers =
          queryLong("SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE sql LIKE '%deferred%')") != 0;
      schemaHasTriggers =
          queryLong("SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE type = 'trigger')") != 0;
      checkedSchemaVersion = version;
    }
  }

  private long queryLong(String sql) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Runs one of the few transaction statements, each prepared once: in a batch of single-row
   * writes, preparing SAVEPOINT and RELEASE anew for every write cost about as much as the writes.
   * A statement that failed is closed and prepared again next time.
   */
  private void execute(String sql) throws SQLException {
    PreparedStatement ps = prepared.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      prepared.put(sql, ps);
    }
    try {
      ps.execute();
    } catch (SQLException e) {
      prepared.remove(sql);
      try {
        ps.close();
      } catch (SQLException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  /** Rolls back whatever transaction is open; none being open is fine. */
  private void rollbackQuietly(Throwable cause) {
    try {
      execute("ROLLBACK");
    } catch (SQLException rollbackFailure) {
      if (!String.valueOf(rollbackFailure.getMessage()).contains("no transaction is active")) {
        cause.addSuppressed(rollbackFailure);
      }
    }
  }
}
