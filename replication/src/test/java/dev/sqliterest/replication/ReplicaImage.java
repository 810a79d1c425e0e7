package dev.sqliterest.replication;

import dev.sqliterest.ltx.LtxDecoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.ltx.LtxPage;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.restore.ReplicaListing;
import dev.sqliterest.replication.restore.RestorePlan;
import dev.sqliterest.replication.restore.RestorePlanner;
import dev.sqliterest.replication.restore.RestoreTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Test oracle: restores a replica with the project's restore planner plus the LTX decoder (every
 * file fully checksum-verified), and dumps database content for comparison.
 */
final class ReplicaImage {

  private ReplicaImage() {}

  /** Restores the latest state of {@code client} into {@code out}; returns the TXID restored. */
  static long restore(ReplicaClient client, Path out) throws IOException {
    return restore(client, out, RestoreTarget.latest());
  }

  /** Restores the state {@code target} names into {@code out}; returns the TXID restored. */
  static long restore(ReplicaClient client, Path out, RestoreTarget target) throws IOException {
    RestorePlan plan = RestorePlanner.plan(ReplicaListing.read(client, false), target);
    TreeMap<Integer, byte[]> pages = new TreeMap<>();
    int commit = 0;
    int pageSize = 0;
    for (LtxFileInfo f : plan.files()) {
      try (InputStream in = client.openLtxFile(f.level(), f.minTxid(), f.maxTxid(), 0, 0)) {
        LtxDecoder decoder = LtxDecoder.open(in);
        LtxHeader h = decoder.header();
        if (h.minTxid() != f.minTxid() || h.maxTxid() != f.maxTxid()) {
          throw new IOException("header txids of " + f + " do not match its name");
        }
        pageSize = h.pageSize();
        commit = h.commit();
        for (LtxPage p = decoder.nextPage(); p != null; p = decoder.nextPage()) {
          pages.put(p.pgno(), p.data());
        }
        decoder.finish();
      }
    }
    byte[] db = new byte[commit * pageSize];
    for (int pgno = 1; pgno <= commit; pgno++) {
      byte[] page = pages.get(pgno);
      if (page == null && pgno != LtxHeader.lockPgno(pageSize)) {
        throw new IOException("restored database misses page " + pgno);
      }
      if (page != null) {
        System.arraycopy(page, 0, db, (pgno - 1) * pageSize, pageSize);
      }
    }
    Files.write(out, db);
    return plan.txid();
  }

  /** Every row of every user table, in a stable order: the logical content to compare. */
  static List<String> dump(Connection c) throws SQLException {
    List<String> lines = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    for (String t : tables) {
      lines.add("table " + t);
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT * FROM \"" + t.replace("\"", "\"\"") + "\" ORDER BY 1")) {
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            row.append(
                    v instanceof byte[] b
                        ? "blob" + b.length + "#" + Arrays.hashCode(b)
                        : String.valueOf(v))
                .append('|');
          }
          lines.add(row.toString());
        }
      }
    }
    return lines;
  }

  static List<String> dump(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      return dump(c);
    }
  }

  static String integrityCheck(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
