package dev.sqliterest.server.testing;

import dev.sqliterest.replication.ReplicationOptions;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.server.config.ReplicationConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the server's replication tests share: settings, and reading their table back. */
public final class Replicated {

  private Replicated() {}

  /** Replication to {@code url} with every default but a 200 ms sync interval (tests wait less). */
  public static ReplicationConfig fast(String url) {
    return ReplicationConfig.to(ReplicaUrl.parse(url))
        .withEngine(ReplicationOptions.defaults().withSyncInterval(Duration.ofMillis(200)));
  }

  /** The rows of table {@code items} in {@code db} as "id|name", in id order. */
  public static List<String> itemRows(Path db) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, name FROM items ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getLong(1) + "|" + rs.getString(2));
      }
    }
    return rows;
  }
}
