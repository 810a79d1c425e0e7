package dev.sqliterest.replication.restore;

import com.sun.nio.file.ExtendedOpenOption;
import dev.sqliterest.ltx.LtxDecoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/**
 * Applies a {@link RestorePlan} to a temp database file page by page (docs/FORMAT.md, "Producing
 * the database"): each planned file is streamed once, decoded and CRC-verified, and its pages are
 * written at their offsets, later files overwriting earlier ones; the result is truncated to the
 * last file's Commit. Decoding runs on the calling thread, writing on a {@link WriteBehind} thread:
 * the two overlap on two cores. When nothing reads the file right after, the writes bypass the page
 * cache where the file system allows it ({@code O_DIRECT}, see {@link WriteBehind}).
 *
 * <p>Implementation notes. This produces the same bytes as Litestream's compactor merge followed by
 * {@code DecodeDatabaseTo}, with the same checks, without re-encoding: files shorter than a header
 * are rejected; header TXIDs must match the listed names and be contiguous ({@code next.min <=
 * prev.max + 1 < next.max + 1}); page sizes must agree; the first file must start at TXID 1; pages
 * must ascend inside each file; the last file must carry PostApply 0 and a non-zero Commit; and
 * every page 1..Commit except the lock page must have come from some file. Any failure leaves only
 * the temp file, which the caller discards.
 */
final class LtxRestorer {

  private final ReplicaClient client;

  LtxRestorer(ReplicaClient client) {
    this.client = client;
  }

  /**
   * Writes the plan's database into {@code db}; returns the final Commit (pages). {@code readNext}:
   * the caller reads the whole file right after (an integrity check), so its pages should stay in
   * memory.
   */
  long apply(RestorePlan plan, Path db, ProgressTracker progress, boolean readNext)
      throws IOException {
    LtxHeader prev = null;
    BitSet covered = new BitSet();
    long lastPostApply = 0;
    PageWriter writer = null;
    // no TRUNCATE_EXISTING: truncating even an empty file makes ext4 start writing the whole file
    // back when it is closed, in the closing thread; the fsync before the install does that instead
    try (FileChannel out =
            FileChannel.open(db, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileChannel direct = readNext ? null : openDirect(db);
        WriteBehind writes = new WriteBehind(out, direct, blockSize(db), db)) {
      out.truncate(0);
      for (LtxFileInfo f : plan.files()) {
        if (f.size() < LtxHeader.SIZE) {
          throw new RestoreException(
              "invalid ltx file " + f + ": " + f.size() + " bytes, minimum " + LtxHeader.SIZE);
        }
        try (InputStream in =
            new CountingInputStream(
                client.openLtxFile(f.level(), f.minTxid(), f.maxTxid(), 0, 0), progress::bytes)) {
          LtxDecoder dec = LtxDecoder.open(in);
          LtxHeader h = dec.header();
          checkHeader(f, h, prev);
          if (writer == null) {
            writer = new PageWriter(writes, h.pageSize());
          }
          copyPages(f, dec, writer, covered);
          lastPostApply = dec.finish().trailer().postApplyChecksum();
          prev = h;
        } catch (RestoreException e) {
          throw e;
        } catch (IOException e) {
          throw new RestoreException("restore from ltx file " + f + ": " + e.getMessage(), e);
        }
        progress.fileDone();
      }
      if (writer != null) {
        writer.flush();
      }
      writes.close(); // every page is in the file before it is cut to size
      return finish(prev, lastPostApply, covered, out);
    }
  }

  /** A second descriptor of {@code db} for direct I/O; null where the file system has none. */
  private static FileChannel openDirect(Path db) {
    try {
      return FileChannel.open(db, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  /** What direct I/O must be aligned to: the file system's block (the JDK checks the same). */
  private static long blockSize(Path db) {
    try {
      return Files.getFileStore(db).getBlockSize();
    } catch (IOException | UnsupportedOperationException e) {
      return Long.MAX_VALUE; // unknown: no run counts as aligned
    }
  }

  private static void checkHeader(LtxFileInfo f, LtxHeader h, LtxHeader prev)
      throws RestoreException {
    if (h.minTxid() != f.minTxid() || h.maxTxid() != f.maxTxid()) {
      throw new RestoreException(
          String.format("ltx file %s: header says txids %016x-%016x", f, h.minTxid(), h.maxTxid()));
    }
    if (prev == null) {
      if (h.minTxid() != 1) {
        throw new RestoreException(
            "cannot restore: first file " + f + " is not a snapshot (min txid 1)");
      }
      return;
    }
    if (h.pageSize() != prev.pageSize()) {
      throw new RestoreException(
          "ltx file "
              + f
              + " has page size "
              + h.pageSize()
              + ", earlier files "
              + prev.pageSize());
    }
    if (Long.compareUnsigned(h.minTxid(), prev.maxTxid() + 1) > 0
        || Long.compareUnsigned(h.maxTxid(), prev.maxTxid()) <= 0) {
      throw new RestoreException(
          String.format(
              "non-contiguous transaction ids in input files: %016x-%016x then %s",
              prev.minTxid(), prev.maxTxid(), f));
    }
  }

  private static void copyPages(LtxFileInfo f, LtxDecoder dec, PageWriter writer, BitSet covered)
      throws IOException {
    byte[] page = new byte[writer.pageSize()];
    int last = 0;
    for (int pgno; (pgno = dec.readPage(page)) != 0; ) {
      if (Integer.compareUnsigned(pgno, last) <= 0) {
        throw new RestoreException(
            "ltx file " + f + ": page numbers out of order (" + last + " then " + pgno + ")");
      }
      last = pgno;
      writer.write(pgno, page);
      covered.set(pgno);
    }
  }

  private static long finish(LtxHeader last, long postApply, BitSet covered, FileChannel out)
      throws IOException {
    if (postApply != 0) {
      throw new RestoreException(
          String.format(
              "cannot restore: last file %s carries post-apply checksum %016x (not allowed without"
                  + " checksums)",
              last.fileName(), postApply));
    }
    int commit = last.commit();
    if (commit <= 0) {
      throw new RestoreException("cannot restore: last file " + last.fileName() + " has commit 0");
    }
    int ps = last.pageSize();
    int lock = LtxHeader.lockPgno(ps);
    int missing = 0;
    for (int pgno = 1; pgno <= commit; pgno++) {
      if (pgno != lock && !covered.get(pgno)) {
        missing = pgno;
        break;
      }
    }
    if (missing != 0) {
      throw new RestoreException(
          "cannot restore: page " + missing + " of " + commit + " is in none of the planned files");
    }
    long size = (long) commit * ps;
    out.truncate(size);
    if (out.size() < size) {
      out.write(ByteBuffer.allocate(ps), size - ps); // the lock page was the last page
    }
    return commit;
  }
}
