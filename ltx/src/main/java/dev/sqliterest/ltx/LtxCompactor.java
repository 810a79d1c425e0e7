package dev.sqliterest.ltx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Merges several LTX files into one, as ltx's Compactor does for L1+ compactions and for restore
 * (docs/FORMAT.md, "Merging files"): for each page number the version from the latest input wins,
 * pages above the last input's Commit are dropped, and every input is fully verified.
 *
 * <p>Streaming: inputs are read once, in parallel, with one page buffer each (a k-way merge on page
 * number): page data held is one page per input, and only the output's page index (one small entry
 * per page) grows with the database. The output header takes PageSize, Commit, MaxTXID and
 * Timestamp from the last input, MinTXID and PreApplyChecksum from the first; flags are NoChecksum
 * and WAL fields zero; the trailer's post-apply checksum is the last input's. Inputs' checksums are
 * known only at the end, so if this throws the output must be discarded. Streams are not closed
 * here.
 */
public final class LtxCompactor {

  private final LtxEncoder.Options options;

  /** A compactor writing LZ4-frame pages, readable by every Litestream v0.5.x. */
  public LtxCompactor() {
    this(LtxEncoder.Options.DEFAULT);
  }

  public LtxCompactor(LtxEncoder.Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Merges {@code inputs}, sorted by TXID (as listed by file name), into {@code out}.
   *
   * @throws LtxFormatException for non-contiguous TXIDs, differing page sizes, unordered input
   *     pages, an invalid merged stream (e.g. an incomplete snapshot) or a corrupt input
   */
  public LtxSummary compact(List<? extends InputStream> inputs, OutputStream out)
      throws IOException {
    List<LtxDecoder> decoders = open(inputs);
    LtxEncoder encoder = LtxEncoder.create(out, mergedHeader(decoders), options);
    mergePages(decoders, encoder.header(), (pgno, page) -> encoder.encodePage(pgno, page, 0));
    encoder.setPostApplyChecksum(finishInputs(decoders));
    return encoder.finish();
  }

  /**
   * Merges {@code inputs} (a restore plan: sorted by TXID, the first starting at TXID 1) straight
   * into a database image, as Litestream's restore does with Compactor plus DecodeDatabaseTo (spec
   * docs/FORMAT.md, "Producing the database"): pages 1..Commit of the last input in order, the lock
   * page as zeros. Nothing is trusted until this returns: write to a temporary file and rename
   * afterwards.
   *
   * @return the header the merged file would have (TXID range, Commit, page size, timestamp)
   * @throws LtxFormatException for a plan not starting at TXID 1, non-contiguous TXIDs, a page
   *     missing from every input, a non-zero final post-apply checksum, or a corrupt input
   */
  public LtxHeader restoreTo(List<? extends InputStream> inputs, OutputStream db)
      throws IOException {
    List<LtxDecoder> decoders = open(inputs);
    LtxHeader merged = mergedHeader(decoders);
    if (!merged.isSnapshot()) {
      throw new LtxFormatException(
          "cannot decode non-snapshot ltx file: restore plan starts at txid "
              + LtxFileName.formatTxid(merged.minTxid()));
    }
    if (merged.commit() == 0) {
      throw new LtxFormatException("cannot restore a database of zero pages");
    }
    DatabaseImageSink sink = new DatabaseImageSink(db, merged);
    mergePages(decoders, merged, sink::page);
    sink.finish();
    long postApply = finishInputs(decoders);
    if (postApply != 0) {
      throw new LtxFormatException(
          "post-apply checksum not allowed in no-checksum restore: " + Bytes.hex(postApply));
    }
    return merged;
  }

  private static List<LtxDecoder> open(List<? extends InputStream> inputs) throws IOException {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("at least one input file required");
    }
    List<LtxDecoder> decoders = new ArrayList<>(inputs.size());
    for (InputStream in : inputs) {
      decoders.add(LtxDecoder.open(in));
    }
    checkInputs(decoders);
    return decoders;
  }

  private static LtxHeader mergedHeader(List<LtxDecoder> decoders) {
    LtxHeader first = decoders.get(0).header();
    LtxHeader last = decoders.get(decoders.size() - 1).header();
    return new LtxHeader(
        LtxHeader.FLAG_NO_CHECKSUM,
        last.pageSize(),
        last.commit(),
        first.minTxid(),
        last.maxTxid(),
        last.timestamp(),
        first.preApplyChecksum(),
        0,
        0,
        0,
        0,
        0);
  }

  /** Verifies every input to its end; returns the last input's post-apply checksum. */
  private static long finishInputs(List<LtxDecoder> decoders) throws IOException {
    long postApply = 0;
    for (LtxDecoder d : decoders) {
      postApply = d.finish().trailer().postApplyChecksum();
    }
    return postApply;
  }

  /** Receives merged pages in ascending order. */
  private interface PageSink {
    void page(int pgno, byte[] data) throws IOException;
  }

  private static void checkInputs(List<LtxDecoder> decoders) throws LtxFormatException {
    for (int i = 1; i < decoders.size(); i++) {
      LtxHeader prev = decoders.get(i - 1).header();
      LtxHeader next = decoders.get(i).header();
      if (prev.pageSize() != next.pageSize()) {
        throw new LtxFormatException(
            "input files have different page sizes: "
                + prev.pageSize()
                + " and "
                + next.pageSize());
      }
      boolean contiguous =
          Long.compareUnsigned(next.minTxid(), prev.maxTxid() + 1) <= 0
              && Long.compareUnsigned(next.maxTxid(), prev.maxTxid()) > 0;
      if (!contiguous) {
        throw new LtxFormatException(
            "non-contiguous transaction ids in input files: "
                + prev.fileName()
                + ", "
                + next.fileName());
      }
    }
  }

  /** One input's current page; ordered by page number, later inputs first on ties. */
  private record Cursor(int input, int pgno) implements Comparable<Cursor> {
    @Override
    public int compareTo(Cursor o) {
      int c = Integer.compare(pgno, o.pgno);
      return c != 0 ? c : Integer.compare(o.input, input);
    }
  }

  private static void mergePages(List<LtxDecoder> decoders, LtxHeader merged, PageSink sink)
      throws IOException {
    int ps = merged.pageSize();
    int commit = merged.commit();
    byte[][] pages = new byte[decoders.size()][ps];
    PriorityQueue<Cursor> queue = new PriorityQueue<>();
    for (int i = 0; i < decoders.size(); i++) {
      int pgno = decoders.get(i).readPage(pages[i]);
      if (pgno != 0) {
        queue.add(new Cursor(i, pgno));
      }
    }
    while (!queue.isEmpty()) {
      Cursor winner = queue.poll();
      if (winner.pgno() <= commit) {
        sink.page(winner.pgno(), pages[winner.input()]);
      }
      advance(decoders, pages, queue, winner);
      while (!queue.isEmpty() && queue.peek().pgno() == winner.pgno()) {
        advance(decoders, pages, queue, queue.poll());
      }
    }
  }

  private static void advance(
      List<LtxDecoder> decoders, byte[][] pages, PriorityQueue<Cursor> queue, Cursor c)
      throws IOException {
    LtxDecoder d = decoders.get(c.input());
    int next = d.readPage(pages[c.input()]);
    if (next == 0) {
      return;
    }
    if (next <= c.pgno()) {
      throw new LtxFormatException(
          "out-of-order page numbers in input file "
              + d.header().fileName()
              + ": "
              + c.pgno()
              + ", "
              + next);
    }
    queue.add(new Cursor(c.input(), next));
  }
}
