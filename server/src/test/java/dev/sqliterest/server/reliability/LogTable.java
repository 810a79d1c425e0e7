package dev.sqliterest.server.reliability;

import dev.sqliterest.server.reliability.WriteLoad.Ack;
import dev.sqliterest.testing.OfficialTools;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The audited table: {@code log(id INTEGER PRIMARY KEY, client, seq, pad)}. The rowid is taken at
 * commit by the single writer and rows are never deleted, so ids follow commit order: a state of
 * the database that is a prefix of the history is exactly "every row up to some id". {@code
 * (client, seq)} says who wrote the row and in which of its requests.
 */
final class LogTable {

  static final String NAME = "log";

  static final String DDL =
      "CREATE TABLE log(id INTEGER PRIMARY KEY, client INTEGER NOT NULL, seq INTEGER NOT NULL,"
          + " pad TEXT NOT NULL DEFAULT '', UNIQUE(client, seq))";

  /** One row, without its padding. */
  record Row(long id, int client, int seq) {}

  /** The rows of one database state, in id order. */
  record Rows(List<Row> list) {

    /** Seqs per client. */
    Map<Integer, NavigableSet<Integer>> byClient() {
      Map<Integer, NavigableSet<Integer>> out = new TreeMap<>();
      for (Row r : list) {
        out.computeIfAbsent(r.client(), c -> new TreeSet<>()).add(r.seq());
      }
      return out;
    }

    long maxId() {
      return list.isEmpty() ? 0 : list.getLast().id();
    }

    /** The rows with an id up to {@code id}. */
    Rows upTo(long id) {
      return new Rows(list.stream().filter(r -> r.id() <= id).toList());
    }
  }

  private LogTable() {}

  /** Creates the table in a new WAL database (no server runs on it yet). */
  static void create(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute(DDL);
    }
  }

  /**
   * The {@code serve} flags for a server of {@code db} that serves this table without auth, plus
   * {@code more}.
   */
  static List<String> serveFlags(Path db, String... more) {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--db-dsn",
                db.toString(),
                "--auth-disabled",
                "--security-allow-table",
                NAME,
                "--shutdown-timeout",
                "30s"));
    flags.addAll(List.of(more));
    return flags;
  }

  /** The rows of a database no server has open (a restored copy). */
  static Rows read(Path db) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, client, seq FROM log ORDER BY id")) {
      while (rs.next()) {
        rows.add(new Row(rs.getLong(1), rs.getInt(2), rs.getInt(3)));
      }
    }
    return new Rows(rows);
  }

  /** The rows as the {@code sqlite3} CLI, another process, sees them (safe beside the server). */
  static Rows readWithCli(Path db) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (String line : sqlite3(db, "SELECT id, client, seq FROM log ORDER BY id;").split("\n")) {
      if (!line.isBlank()) {
        String[] f = line.strip().split("\\|");
        rows.add(new Row(Long.parseLong(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2])));
      }
    }
    return new Rows(rows);
  }

  /** Runs {@code sql} with the {@code sqlite3} CLI (5 s busy timeout); fails on a non-zero exit. */
  static String sqlite3(Path db, String sql) throws Exception {
    OfficialTools.Result r =
        OfficialTools.run(
            List.of(
                OfficialTools.systemTool("sqlite3").toString(),
                "-cmd",
                ".timeout 5000",
                db.toString(),
                sql),
            Map.of());
    if (r.exitCode() != 0) {
      throw new AssertionError("sqlite3 " + db + " " + sql + " exited " + r.exitCode() + ": " + r);
    }
    return r.output();
  }

  /** The acknowledged requests not (completely) in {@code rows}. */
  static List<Ack> missing(Rows rows, List<Ack> acks) {
    Map<Integer, NavigableSet<Integer>> seqs = rows.byClient();
    List<Ack> out = new ArrayList<>();
    for (Ack a : acks) {
      NavigableSet<Integer> have = seqs.getOrDefault(a.client(), new TreeSet<>());
      for (int s = a.first(); s <= a.last(); s++) {
        if (!have.contains(s)) {
          out.add(a);
          break;
        }
      }
    }
    return out;
  }

  /**
   * What is wrong with {@code rows} as the state after {@code load}: rows no client sent (phantoms)
   * or of a refused request, and per client seqs that do not run 1..n without a hole, or that end
   * inside a request (a torn transaction). Empty when sound.
   */
  static List<String> defects(Rows rows, WriteLoad load) {
    List<String> out = new ArrayList<>();
    Map<Integer, NavigableSet<Integer>> seqs = rows.byClient();
    for (int client : load.clients()) {
      NavigableSet<Integer> have = seqs.getOrDefault(client, new TreeSet<>());
      if (have.isEmpty()) {
        continue;
      }
      int max = have.last();
      if (max > load.lastSent(client)) {
        out.add("client " + client + ": phantom seq " + max + " > sent " + load.lastSent(client));
      }
      int refused = load.refusedFrom(client);
      if (refused > 0 && max >= refused) {
        out.add("client " + client + ": seq " + max + " of a refused request is committed");
      }
      if (have.size() != max || have.first() != 1) {
        out.add("client " + client + ": holes in 1.." + max + " (has " + have.size() + ")");
      }
      boolean endsARequest =
          load.acks().stream().anyMatch(a -> a.client() == client && a.last() == max)
              || max == load.lastSent(client);
      if (!endsARequest) {
        out.add("client " + client + ": seq " + max + " ends inside a request (torn)");
      }
    }
    return out;
  }
}
