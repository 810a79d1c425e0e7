package dev.sqliterest.replication.follow;

import dev.sqliterest.ltx.LtxDecoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.replication.restore.PageWriter;
import dev.sqliterest.sqlite.WritableFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a verified batch into a follower's database file (inside {@code Database.updatePages}):
 * each page at its offset, then the file cut or grown to the batch's commit, as a restore does. A
 * batch starting at TXID 1 holds every page and rebuilds the file; any other batch continues it and
 * must have the file's page size.
 */
public final class PageApplier {

  private PageApplier() {}

  /** Applies {@code batch} to {@code file}; returns the batch's header. */
  public static LtxHeader apply(Path batch, WritableFile file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(batch), 1 << 16)) {
      LtxDecoder decoder = LtxDecoder.open(in);
      LtxHeader h = decoder.header();
      int current = pageSize(file);
      if (!h.isSnapshot() && current != h.pageSize()) {
        throw new IOException(
            String.format(
                "cannot apply %s to %s: its page size is %d, the database's %d",
                h.fileName().fileName(), file.path(), h.pageSize(), current));
      }
      PageWriter writer =
          new PageWriter(
              (buf, len, pos) -> {
                file.write(buf, 0, len, pos);
                return buf;
              },
              h.pageSize());
      byte[] page = new byte[h.pageSize()];
      for (int pgno; (pgno = decoder.readPage(page)) != 0; ) {
        writer.write(pgno, page);
      }
      writer.flush();
      file.setSize((long) h.commit() * h.pageSize());
      decoder.finish();
      return h;
    }
  }

  /** The page size in the database header, 0 for a file without one (a follower's first start). */
  private static int pageSize(WritableFile file) throws IOException {
    if (file.size() < 100) {
      return 0;
    }
    byte[] b = new byte[2];
    file.readFully(b, 0, 2, 16);
    int size = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    return size == 1 ? 65536 : size;
  }
}
