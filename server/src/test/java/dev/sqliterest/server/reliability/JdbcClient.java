package dev.sqliterest.server.reliability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A second JVM on the server's database, as another application would be: sqlite-jdbc reads the row
 * count, inserts row {@code (client, seq)} and reads it back, then exits (closing its connection:
 * it may be the last one it thinks). Prints the count it read first.
 *
 * <p>Usage: {@code java -cp <test classpath> ...JdbcClient DB CLIENT SEQ}
 */
public final class JdbcClient {

  private JdbcClient() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    int client = Integer.parseInt(args[1]);
    int seq = Integer.parseInt(args[2]);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA busy_timeout = 10000");
      }
      long count;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM log")) {
        rs.next();
        count = rs.getLong(1);
      }
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO log(client, seq, pad) VALUES (?, ?, 'jdbc')")) {
        insert.setInt(1, client);
        insert.setInt(2, seq);
        insert.executeUpdate();
      }
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement read =
          c.prepareStatement("SELECT id FROM log WHERE client = ? AND seq = ?")) {
        read.setInt(1, client);
        read.setInt(2, seq);
        try (ResultSet rs = read.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
      }
      if (ids.size() != 1) {
        throw new IllegalStateException("own row read back " + ids.size() + " times");
      }
      System.out.println(count);
    }
  }

  /** The command that runs this class in a JVM of its own. */
  static List<String> command(Path db, int client, int seq) {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED",
        "-cp",
        System.getProperty("java.class.path"),
        JdbcClient.class.getName(),
        db.toString(),
        Integer.toString(client),
        Integer.toString(seq));
  }
}
