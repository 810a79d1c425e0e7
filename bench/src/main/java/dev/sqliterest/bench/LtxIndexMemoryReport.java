package dev.sqliterest.bench;

import dev.sqliterest.ltx.LtxDecoder;
import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.ltx.LtxSummary;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Memory an encoder and a decoder need per page of an LTX file, which grows with the database
 * (their page index holds one entry per page): encodes a snapshot of many small pages (512 B, so a
 * million pages stay quick) to a temp file, decodes it, and prints for each the bytes the thread
 * allocated and the heap the finished summary still holds, per page.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.sqliterest.bench.LtxIndexMemoryReport
 * [pages]} (default 1,000,000).
 */
public final class LtxIndexMemoryReport {

  private static final int PAGE_SIZE = 512;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private LtxIndexMemoryReport() {}

  public static void main(String[] args) throws Exception {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path file = Files.createTempFile("index-memory", ".ltx");
    try {
      long baseline = heldHeap();
      long before = THREADS.getCurrentThreadAllocatedBytes();
      LtxSummary encoded = encode(file, pages);
      long encAllocated = THREADS.getCurrentThreadAllocatedBytes() - before;
      long encHeld = heldHeap() - baseline;
      int count = encoded.pageCount();
      encoded = null; // released before decoding

      baseline = heldHeap();
      before = THREADS.getCurrentThreadAllocatedBytes();
      LtxSummary decoded;
      try (InputStream in = Files.newInputStream(file)) {
        decoded = LtxDecoder.verify(in);
      }
      long decAllocated = THREADS.getCurrentThreadAllocatedBytes() - before;
      long decHeld = heldHeap() - baseline;
      if (decoded.pageCount() != count) {
        throw new IllegalStateException("decoded " + decoded.pageCount() + " of " + count);
      }
      System.out.printf(
          Locale.ROOT,
          "%d pages of %d B (LTX file %.1f MiB)%n%n",
          count,
          PAGE_SIZE,
          Files.size(file) / 1048576.0);
      System.out.println("| | allocated per page | held by the summary per page |");
      System.out.println("|---|---:|---:|");
      System.out.printf(
          Locale.ROOT,
          "| LtxEncoder | %.1f B | %.1f B |%n",
          encAllocated / (double) count,
          encHeld / (double) count);
      System.out.printf(
          Locale.ROOT,
          "| LtxDecoder | %.1f B | %.1f B |%n",
          decAllocated / (double) count,
          decHeld / (double) count);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static LtxSummary encode(Path file, int pages) throws Exception {
    int lock = LtxHeader.lockPgno(PAGE_SIZE);
    int commit = pages + (pages >= lock ? 1 : 0);
    byte[] page = new byte[PAGE_SIZE];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      LtxEncoder enc =
          LtxEncoder.create(
              out, LtxHeader.of(PAGE_SIZE, commit, 1, 1, 0), LtxEncoder.Options.block());
      for (int pgno = 1; pgno <= commit; pgno++) {
        if (pgno == lock) {
          continue;
        }
        page[0] = (byte) pgno;
        page[1] = (byte) (pgno >>> 8);
        page[2] = (byte) (pgno >>> 16);
        enc.encodePage(pgno, page);
      }
      return enc.finish();
    }
  }

  /** Heap in use after a full collection (what live objects hold). */
  private static long heldHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
