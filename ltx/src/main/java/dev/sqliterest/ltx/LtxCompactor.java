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
 * (spec §1.11): for each page number the version from the latest input wins, pages above the last
 * input's Commit are dropped, and every input is fully verified.
 *
 * <p>Streaming: inputs are read once, in parallel, with one page buffer each (a k-way merge on page
 * number), so memory does not grow with database size. The output header takes PageSize, Commit,
 * MaxTXID and Timestamp from the last input, MinTXID and PreApplyChecksum from the first; flags are
 * NoChecksum and WAL fields zero; the trailer's post-apply checksum is the last input's. Inputs'
 * checksums are known only at the end, so if this throws the output must be discarded. Streams are
 * not closed here.
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
  public LtxFileInfo compact(List<? extends InputStream> inputs, OutputStream out)
      throws IOException {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("at least one input file required");
    }
    List<LtxDecoder> decoders = new ArrayList<>(inputs.size());
    for (InputStream in : inputs) {
      decoders.add(LtxDecoder.open(in));
    }
    checkInputs(decoders);
    LtxHeader first = decoders.get(0).header();
    LtxHeader last = decoders.get(decoders.size() - 1).header();
    LtxHeader outHeader =
        new LtxHeader(
            LtxHeader.FLAG_NO_CHECKSUM, last.pageSize(), last.commit(), first.minTxid(),
            last.maxTxid(), last.timestamp(), first.preApplyChecksum(), 0, 0, 0, 0, 0);
    LtxEncoder encoder = LtxEncoder.create(out, outHeader, options);
    mergePages(decoders, encoder);
    long postApply = 0;
    for (LtxDecoder d : decoders) {
      postApply = d.finish().trailer().postApplyChecksum();
    }
    encoder.setPostApplyChecksum(postApply);
    return encoder.finish();
  }

  private static void checkInputs(List<LtxDecoder> decoders) throws LtxFormatException {
    for (int i = 1; i < decoders.size(); i++) {
      LtxHeader prev = decoders.get(i - 1).header();
      LtxHeader next = decoders.get(i).header();
      if (prev.pageSize() != next.pageSize()) {
        throw new LtxFormatException(
            "input files have different page sizes: " + prev.pageSize() + " and "
                + next.pageSize());
      }
      boolean contiguous =
          Long.compareUnsigned(next.minTxid(), prev.maxTxid() + 1) <= 0
              && Long.compareUnsigned(next.maxTxid(), prev.maxTxid()) > 0;
      if (!contiguous) {
        throw new LtxFormatException(
            "non-contiguous transaction ids in input files: " + prev.fileName() + ", "
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

  private static void mergePages(List<LtxDecoder> decoders, LtxEncoder encoder)
      throws IOException {
    int ps = encoder.header().pageSize();
    int commit = encoder.header().commit();
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
        encoder.encodePage(winner.pgno(), pages[winner.input()], 0);
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
          "out-of-order page numbers in input file " + d.header().fileName() + ": " + c.pgno()
              + ", " + next);
    }
    queue.add(new Cursor(c.input(), next));
  }
}
