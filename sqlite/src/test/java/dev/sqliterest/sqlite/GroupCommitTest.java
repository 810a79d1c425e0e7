package dev.sqliterest.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit (synchronous=FULL here, NORMAL in one test): writes queued behind a blocked writer
 * thread form one batch, in arrival order. Each must behave exactly as if it had committed alone.
 */
final class GroupCommitTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;
  @AutoClose Database db;
  private final AtomicInteger commits = new AtomicInteger();

  @BeforeEach
  void open() throws SQLException {
    db =
        Database.open(
            DatabaseOptions.defaults(dir.resolve("g.db"))
                .withCreate(true)
                .withSynchronous(DatabaseOptions.Synchronous.FULL));
    db.addCommitListener(commits::incrementAndGet);
  }

  @Test
  void batch_failingWritesRollBackAlone_neighboursCommitTogether_inOrder() throws Exception {
    ddl("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT UNIQUE)");
    int before = commits.get();
    List<SqlWork<Long>> works = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      int id = i;
      works.add(
          c -> {
            insert(c, id, "v" + id);
            if (id % 4 == 0) { // a failure after a change of its own: that change must go too
              insert(c, 100 + id, "partial" + id);
              throw new SQLException("boom " + id);
            }
            if (id == 7) { // conflicts with write 6, which commits before it in the same batch
              insert(c, 107, "v6");
            }
            return count(c);
          });
    }
    List<CompletableFuture<Long>> answers = inOneBatch(works);

    for (int i = 1; i <= 12; i++) {
      CompletableFuture<Long> answer = answers.get(i - 1);
      if (i % 4 == 0 || i == 7) {
        assertThat(answer).failsWithin(PATIENCE);
      } else {
        assertThat(answer).succeedsWithin(PATIENCE);
      }
    }
    assertThat(answers.get(3).exceptionNow()).hasMessage("boom 4");
    assertThat(answers.get(6).exceptionNow()).hasMessageContaining("UNIQUE");
    // each write saw the committed writes before it in the batch, and its own row
    assertThat(answers.get(0).resultNow()).isEqualTo(1);
    assertThat(answers.get(4).resultNow()).isEqualTo(4); // 1, 2, 3, 5
    assertThat(answers.get(10).resultNow()).isEqualTo(8); // 1, 2, 3, 5, 6, 9, 10, 11
    assertThat(ids()).containsExactly(1L, 2L, 3L, 5L, 6L, 9L, 10L, 11L);
    assertThat(commits.get() - before).as("one COMMIT for the whole batch").isEqualTo(1);
  }

  @Test
  void batch_answersEachWriteOnlyOnceOtherConnectionsSeeIt() throws Exception {
    ddl("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    List<SqlWork<Long>> works = new ArrayList<>();
    for (int i = 1; i <= 16; i++) {
      int id = i;
      works.add(c -> insert(c, id, "x"));
    }
    Map<Integer, Boolean> visibleOnReturn = new ConcurrentHashMap<>();
    List<CompletableFuture<Long>> answers =
        inOneBatch(works, index -> visibleOnReturn.put(index, readersSee(index + 1)));
    assertThat(answers).allSatisfy(a -> assertThat(a).succeedsWithin(PATIENCE));
    assertThat(visibleOnReturn).hasSize(16).doesNotContainValue(false);
  }

  @Test
  void writeRollingBackTheWholeTransaction_doesNotTakeItsNeighboursWithIt() throws Exception {
    ddl(
        "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)",
        "CREATE TRIGGER guard BEFORE INSERT ON t WHEN NEW.v = 'forbidden'"
            + " BEGIN SELECT RAISE(ROLLBACK, 'forbidden value'); END");
    List<CompletableFuture<Long>> answers =
        inOneBatch(
            List.of(
                c -> insert(c, 1, "ok"), c -> insert(c, 2, "forbidden"), c -> insert(c, 3, "ok")));
    assertThat(answers.get(0)).succeedsWithin(PATIENCE);
    assertThat(answers.get(1)).failsWithin(PATIENCE);
    assertThat(answers.get(1).exceptionNow()).hasMessageContaining("forbidden value");
    assertThat(answers.get(2)).succeedsWithin(PATIENCE);
    assertThat(ids()).containsExactly(1L, 3L);
  }

  @Test
  void deferredConstraints_areJudgedPerWrite_notPerBatch() throws Exception {
    ddl(
        "CREATE TABLE parent(id INTEGER PRIMARY KEY)",
        "CREATE TABLE child(id INTEGER PRIMARY KEY, parent INTEGER"
            + " REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)");
    int before = commits.get();
    List<CompletableFuture<Long>> answers =
        inOneBatch(
            List.of(
                // violates the deferred key alone; the next write would repair it in a batch
                c -> update(c, "INSERT INTO child VALUES (1, 42)"),
                c -> update(c, "INSERT INTO parent VALUES (42)")));
    assertThat(answers.get(0)).failsWithin(PATIENCE);
    assertThat(answers.get(0).exceptionNow()).hasMessageContaining("FOREIGN KEY");
    assertThat(answers.get(1)).succeedsWithin(PATIENCE);
    assertThat(commits.get() - before).isEqualTo(1);
    long children = db.read(c -> count(c, "child"));
    assertThat(children).isZero();
  }

  @Test
  void normalSynchronous_groupsCommitsToo_unlessTurnedOff() throws Exception {
    db.close();
    db = Database.open(DatabaseOptions.defaults(dir.resolve("g.db")));
    db.addCommitListener(commits::incrementAndGet);
    ddl("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT UNIQUE)");
    int before = commits.get();
    List<CompletableFuture<Long>> answers =
        inOneBatch(List.of(c -> insert(c, 1, "a"), c -> insert(c, 2, "a"), c -> insert(c, 3, "c")));
    assertThat(answers.get(0)).succeedsWithin(PATIENCE);
    assertThat(answers.get(1)).failsWithin(PATIENCE);
    assertThat(answers.get(2)).succeedsWithin(PATIENCE);
    assertThat(commits.get() - before).isEqualTo(1);
    assertThat(readersSee(1) && !readersSee(2) && readersSee(3)).isTrue();

    db.close();
    db = Database.open(DatabaseOptions.defaults(dir.resolve("g.db")).withGroupCommit(false));
    db.addCommitListener(commits::incrementAndGet);
    before = commits.get();
    answers = inOneBatch(List.of(c -> insert(c, 4, "d"), c -> insert(c, 5, "e")));
    assertThat(answers).allSatisfy(a -> assertThat(a).succeedsWithin(PATIENCE));
    assertThat(commits.get() - before).isEqualTo(2);
  }

  @Test
  void statementJournal_inMemoryOnlyWhenEveryWriteOfTheBatchAsks_andTheSchemaHasNoTriggers()
      throws Exception {
    ddl("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    // 0: SQLite's default (a file), 2: memory
    SqlWork<Long> tempStoreValue = c -> ((Number) firstValue(c, "PRAGMA temp_store")).longValue();
    assertThat(db.write(StatementJournal.MEMORY, tempStoreValue)).isEqualTo(2);
    assertThat(db.write(tempStoreValue)).isZero();

    List<StatementJournal> memory = List.of(StatementJournal.MEMORY, StatementJournal.MEMORY);
    assertThat(inOneBatch(memory, List.of(tempStoreValue, tempStoreValue), index -> {}))
        .allSatisfy(a -> assertThat(a).succeedsWithin(PATIENCE).isEqualTo(2L));
    List<StatementJournal> mixed = List.of(StatementJournal.MEMORY, StatementJournal.FILE);
    assertThat(inOneBatch(mixed, List.of(tempStoreValue, tempStoreValue), index -> {}))
        .allSatisfy(a -> assertThat(a).succeedsWithin(PATIENCE).isEqualTo(0L));

    ddl("CREATE TRIGGER noop AFTER INSERT ON t BEGIN SELECT 1; END");
    assertThat(db.write(StatementJournal.MEMORY, tempStoreValue)).isZero();
    ddl("DROP TRIGGER noop");
    assertThat(db.write(StatementJournal.MEMORY, tempStoreValue)).isEqualTo(2);
  }

  @Test
  void inMemoryJournal_rollsBackAFailingWriteAlone() throws Exception {
    // an index spread over many pages: each write below changes pages that existed before it
    ddl(
        "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT UNIQUE)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
            + " INSERT INTO t SELECT i * 10, printf('%08d-padding-padding', i * 10) FROM n");
    SqlWork<Long> fills = c -> manyRows(c, 1, 1000);
    SqlWork<Long> failsAtItsLastRow =
        c -> {
          manyRows(c, 2, 999);
          return update(c, "INSERT INTO t VALUES (3, '00000010-padding-padding')"); // UNIQUE
        };
    SqlWork<Long> fillsToo = c -> manyRows(c, 4, 1000);
    List<StatementJournal> memory =
        List.of(StatementJournal.MEMORY, StatementJournal.MEMORY, StatementJournal.MEMORY);
    List<CompletableFuture<Long>> answers =
        inOneBatch(memory, List.of(fills, failsAtItsLastRow, fillsToo), index -> {});

    assertThat(answers.get(0)).succeedsWithin(PATIENCE);
    assertThat(answers.get(1)).failsWithin(PATIENCE);
    assertThat(answers.get(1).exceptionNow()).hasMessageContaining("UNIQUE");
    assertThat(answers.get(2)).succeedsWithin(PATIENCE);
    long rows = db.read(c -> count(c, "t"));
    assertThat(rows).isEqualTo(5000 + 1000 + 1000);
    long fromTheFailedWrite = db.read(c -> count(c, "t WHERE id % 10 = 2"));
    assertThat(fromTheFailedWrite).isZero();
    Object check = db.read(c -> firstValue(c, "PRAGMA integrity_check"));
    assertThat(check).isEqualTo("ok");
  }

  /** Inserts {@code n} rows with ids ending in {@code digit}, spread over the whole index. */
  private static long manyRows(Connection c, int digit, int n) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
                + " INSERT INTO t SELECT i * 50 + ?, printf('%08d-padding-padding', i * 50 + ?)"
                + " FROM n")) {
      ps.setInt(1, n);
      ps.setInt(2, digit);
      ps.setInt(3, digit);
      return ps.executeUpdate();
    }
  }

  /**
   * Holds the writer thread, queues {@code works} one after the other (so the batch has their
   * order), then lets the writer take them all at once.
   */
  private <T> List<CompletableFuture<T>> inOneBatch(List<SqlWork<T>> works) throws Exception {
    return inOneBatch(works, index -> {});
  }

  /** The same, calling {@code onReturn} with the write's index as soon as its write returned. */
  private <T> List<CompletableFuture<T>> inOneBatch(List<SqlWork<T>> works, IntConsumer onReturn)
      throws Exception {
    return inOneBatch(works.stream().map(w -> StatementJournal.FILE).toList(), works, onReturn);
  }

  /** The same, each write asking for the statement journal at its index in {@code journals}. */
  private <T> List<CompletableFuture<T>> inOneBatch(
      List<StatementJournal> journals, List<SqlWork<T>> works, IntConsumer onReturn)
      throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> hold =
        CompletableFuture.runAsync(
            () -> {
              try {
                db.withWriter(
                    c -> {
                      holding.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return null;
                    });
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(holding.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<T>> answers = new ArrayList<>();
    for (int i = 0; i < works.size(); i++) {
      SqlWork<T> work = works.get(i);
      StatementJournal journal = journals.get(i);
      int index = i;
      int queued = db.queued();
      CompletableFuture<T> answer = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  T value = db.write(journal, work);
                  onReturn.accept(index);
                  answer.complete(value);
                } catch (Throwable t) {
                  answer.completeExceptionally(t);
                }
              });
      await(() -> db.queued() == queued + 1);
      answers.add(answer);
    }
    assertThat(answers).noneMatch(CompletableFuture::isDone);
    release.countDown();
    hold.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    return answers;
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within " + PATIENCE).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private void ddl(String... statements) throws SQLException {
    db.write(
        c -> {
          try (Statement st = c.createStatement()) {
            for (String sql : statements) {
              st.executeUpdate(sql);
            }
          }
          return null;
        });
  }

  private boolean readersSee(long id) {
    try {
      return db.read(
          c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM t WHERE id = ?")) {
              ps.setLong(1, id);
              try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
              }
            }
          });
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<Long> ids() throws SQLException {
    return db.read(
        c -> {
          List<Long> ids = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT id FROM t ORDER BY id")) {
            while (rs.next()) {
              ids.add(rs.getLong(1));
            }
          }
          return ids;
        });
  }

  private static long insert(Connection c, long id, String v) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t(id, v) VALUES (?, ?)")) {
      ps.setLong(1, id);
      ps.setString(2, v);
      return ps.executeUpdate();
    }
  }

  private static long update(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      return st.executeUpdate(sql);
    }
  }

  private static long count(Connection c) throws SQLException {
    return count(c, "t");
  }

  private static long count(Connection c, String table) throws SQLException {
    return ((Number) firstValue(c, "SELECT count(*) FROM " + table)).longValue();
  }

  /** The first column of the first row {@code sql} returns. */
  private static Object firstValue(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getObject(1);
    }
  }
}
