package dev.sqliterest.sqlite;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;

/**
 * One {@link Database#write} call waiting for the writer thread: its work, its outcome once run,
 * and the caller's answer, which is given only after the outcome is final (committed, or rolled
 * back).
 */
final class PendingWrite<T> {

  private final SqlWork<T> work;
  private final StatementJournal journal;
  private final CompletableFuture<T> answer = new CompletableFuture<>();
  private T value;
  private Throwable failure;

  PendingWrite(StatementJournal journal, SqlWork<T> work) {
    this.journal = journal;
    this.work = work;
  }

  StatementJournal journal() {
    return journal;
  }

  /** Runs the work (again, if a batch it ran in was rolled back) and keeps its outcome. */
  void runOn(Connection connection) {
    try {
      value = work.run(connection);
      failure = null;
    } catch (Throwable t) {
      value = null;
      failure = t;
    }
  }

  boolean failed() {
    return failure != null;
  }

  Throwable failure() {
    return failure;
  }

  /** Replaces a successful outcome: the work ran, but its transaction did not commit. */
  void fail(Throwable cause) {
    value = null;
    failure = cause;
  }

  void answer() {
    if (failure != null) {
      answer.completeExceptionally(failure);
    } else {
      answer.complete(value);
    }
  }

  CompletableFuture<T> answered() {
    return answer;
  }
}
