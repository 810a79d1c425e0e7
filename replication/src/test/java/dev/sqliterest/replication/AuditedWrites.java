package dev.sqliterest.replication;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A workload whose every committed state can be checked on its own, for replica histories: each
 * writer appends rows {@code (writer, seq)} with content derived from them and counts them in the
 * same transaction; the churn table frees and reuses pages (rows of 1 to 9000 bytes, so overflow
 * pages too) and is counted the same way. A state mixing two transactions, or a page of another
 * state, breaks a count or a row's content if it does not break {@code integrity_check} first.
 *
 * <p>Also the {@code main} of the second JVM: {@code AuditedWrites DB SECONDS WRITER} writes as
 * {@code WRITER} for {@code SECONDS} through sqlite-jdbc with SQLite's automatic checkpoints at 20
 * pages, and checkpoints explicitly now and then.
 */
final class AuditedWrites {

  static final String SCHEMA =
      "CREATE TABLE log(id INTEGER PRIMARY KEY, writer INT NOT NULL, seq INT NOT NULL,"
          + " pad TEXT NOT NULL, UNIQUE(writer, seq));"
          + "CREATE TABLE counters(writer INTEGER PRIMARY KEY, n INT NOT NULL);"
          + "CREATE TABLE churn(id INTEGER PRIMARY KEY, len INT NOT NULL, v TEXT NOT NULL);";

  private static final int CHURN = -1;

  private AuditedWrites() {}

  /** One transaction's statements (without BEGIN/COMMIT): a row of {@code writer}, maybe churn. */
  static String transaction(int writer) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    StringBuilder sql = new StringBuilder();
    sql.append("INSERT INTO log(writer, seq, pad) SELECT ")
        .append(writer)
        .append(", s, ")
        .append(pad(String.valueOf(writer), "s"))
        .append(" FROM (SELECT coalesce(max(seq), 0) + 1 AS s FROM log WHERE writer = ")
        .append(writer)
        .append(");");
    sql.append("INSERT INTO counters(writer, n) VALUES (")
        .append(writer)
        .append(", 1) ON CONFLICT(writer) DO UPDATE SET n = n + 1;");
    if (r.nextInt(3) == 0) {
      sql.append("DELETE FROM churn WHERE id IN (SELECT id FROM churn ORDER BY random() LIMIT ")
          .append(r.nextInt(4))
          .append(");");
      for (int i = r.nextInt(4); i > 0; i--) {
        int len = 1 + r.nextInt(r.nextBoolean() ? 300 : 9000);
        sql.append("INSERT INTO churn(len, v) VALUES (")
            .append(len)
            .append(", printf('%.*c', ")
            .append(len)
            .append(", 'x'));");
      }
      sql.append("INSERT INTO counters(writer, n) VALUES (")
          .append(CHURN)
          .append(
              ", (SELECT count(*) FROM churn)) ON CONFLICT(writer) DO UPDATE SET n = excluded.n;");
    }
    return sql.toString();
  }

  /** The content of a log row, derived from its writer and seq (about 700 bytes). */
  private static String pad(String writer, String seq) {
    return "printf('%0700d', " + writer + " * 1000000 + " + seq + ")";
  }

  /**
   * Checks one state: {@code integrity_check}, contiguous seqs per writer equal to its counter,
   * every row's content, the churn count. Returns rows per writer, or throws naming what broke.
   */
  static Map<Integer, Long> audit(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
        Statement st = c.createStatement()) {
      List<String> problems = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
        while (rs.next()) {
          if (!rs.getString(1).equals("ok")) {
            problems.add(rs.getString(1));
          }
        }
      }
      if (!problems.isEmpty()) {
        throw new SQLException("integrity_check: " + problems);
      }
      Map<Integer, Long> rows = new TreeMap<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT writer, count(*), max(seq), (SELECT n FROM counters c WHERE c.writer = l.writer)"
                  + " FROM log l GROUP BY writer")) {
        while (rs.next()) {
          int writer = rs.getInt(1);
          long count = rs.getLong(2);
          if (count != rs.getLong(3) || count != rs.getLong(4)) {
            problems.add(
                "writer "
                    + writer
                    + ": rows "
                    + count
                    + ", max seq "
                    + rs.getLong(3)
                    + ", counter "
                    + rs.getLong(4));
          }
          rows.put(writer, count);
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT (SELECT count(*) FROM log WHERE pad <> "
                  + pad("writer", "seq")
                  + "), (SELECT count(*) FROM churn WHERE length(v) <> len OR v <> printf('%.*c', len, 'x')),"
                  + " (SELECT count(*) FROM churn) - coalesce((SELECT n FROM counters WHERE writer = "
                  + CHURN
                  + "), 0), (SELECT count(*) FROM counters WHERE writer >= 0"
                  + " AND writer NOT IN (SELECT writer FROM log))")) {
        rs.next();
        if (rs.getLong(1) != 0 || rs.getLong(2) != 0 || rs.getLong(3) != 0 || rs.getLong(4) != 0) {
          problems.add(
              "bad log rows "
                  + rs.getLong(1)
                  + ", bad churn rows "
                  + rs.getLong(2)
                  + ", churn count off by "
                  + rs.getLong(3)
                  + ", counters without rows "
                  + rs.getLong(4));
        }
      }
      if (!problems.isEmpty()) {
        throw new SQLException(String.join("; ", problems));
      }
      return rows;
    }
  }

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
    int writer = Integer.parseInt(args[2]);
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int commits = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 10000");
      st.execute("PRAGMA wal_autocheckpoint = 20");
      while (System.nanoTime() < deadline) {
        st.executeUpdate("BEGIN IMMEDIATE");
        for (String s : transaction(writer).split(";")) {
          st.executeUpdate(s);
        }
        st.executeUpdate("COMMIT");
        commits++;
        if (r.nextInt(40) == 0) {
          st.execute("PRAGMA wal_checkpoint(PASSIVE)");
        }
        Thread.sleep(r.nextInt(10)); // pacing, so the other writers get their turns
      }
    }
    System.out.println(commits);
  }
}
