package dev.sqliterest.bench;

import dev.sqliterest.ltx.LtxDecoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An independent reader of a replica, for measuring replication lag end to end: it knows nothing of
 * the engine that writes the replica, only the replica's files. It applies each new L0 file (in
 * TXID order, from TXID 1) to a copy of the database, page by page, and then asks SQLite, on a new
 * connection to that copy, for the largest {@code id} of a table. So a row counts as replicated
 * once anyone reading the replica could see it.
 */
final class ReplicaFollower implements AutoCloseable {

  private final ReplicaClient replica;
  private final Path copy;
  private final FileChannel out;
  private long txid;

  ReplicaFollower(ReplicaClient replica, Path copy) throws IOException {
    this.replica = replica;
    this.copy = copy;
    this.out =
        FileChannel.open(
            copy, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
  }

  /** Applies every L0 file that continues the copy; returns whether the copy moved on. */
  boolean catchUp() throws IOException {
    boolean moved = false;
    for (LtxFileInfo file : replica.ltxFiles(0, txid + 1, false)) {
      if (file.minTxid() != txid + 1) {
        break; // not uploaded yet, or listed out of order: wait for the next round
      }
      apply(file);
      moved = true;
    }
    return moved;
  }

  private void apply(LtxFileInfo file) throws IOException {
    try (InputStream in = replica.openLtxFile(0, file.minTxid(), file.maxTxid(), 0, 0)) {
      LtxDecoder decoder = LtxDecoder.open(in);
      LtxHeader header = decoder.header();
      int pageSize = header.pageSize();
      byte[] page = new byte[pageSize];
      for (int pgno = decoder.readPage(page); pgno != 0; pgno = decoder.readPage(page)) {
        out.write(ByteBuffer.wrap(page), (pgno - 1L) * pageSize);
      }
      decoder.finish();
      out.truncate((long) header.commit() * pageSize);
    }
    txid = file.maxTxid();
  }

  /** The largest {@code id} in {@code table} of the copy, or 0 before the table exists. */
  long maxId(String table) throws SQLException {
    if (txid == 0) {
      return 0;
    }
    // immutable: a plain read of the file, no locks, no -wal or -shm beside the copy
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + copy + "?immutable=1");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
