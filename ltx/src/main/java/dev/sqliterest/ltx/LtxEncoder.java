package dev.sqliterest.ltx;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes one LTX file to a stream: header at creation, then pages in ascending order, then {@link
 * #finish} writes the end marker, page index and trailer. The stream is neither buffered nor closed
 * here; the caller owns it (and should buffer small writes).
 *
 * <p>Enforces the Go encoder's rules (docs/FORMAT.md, "Page frames", "Trailer and checksums"):
 * header validity, page size, pages ≤ Commit, no lock page, snapshots (MinTXID 1) hold pages
 * 1..Commit consecutively and completely, other files strictly ascending; NoChecksum files have
 * post-apply checksum 0. Any failure leaves the encoder unusable, and the bytes already written
 * must be discarded.
 */
public final class LtxEncoder {

  /** Encoding choices; {@link #DEFAULT} is what every Litestream v0.5.x can read. */
  public record Options(PageEncoding encoding, PageCompressor compressor) {

    /** LZ4-frame pages (page flags 0) compressed with lz4-java. */
    public static final Options DEFAULT = new Options(PageEncoding.FRAME, PageCompressor.lz4());

    public Options {
      Objects.requireNonNull(encoding, "encoding");
      Objects.requireNonNull(compressor, "compressor");
    }

    /** LZ4-block pages (page flags 0x1), readable by Litestream v0.5.16 and later only. */
    public static Options block() {
      return new Options(PageEncoding.BLOCK, PageCompressor.lz4());
    }

    public Options withEncoding(PageEncoding e) {
      return new Options(e, compressor);
    }

    public Options withCompressor(PageCompressor c) {
      return new Options(encoding, c);
    }
  }

  private enum State {
    PAGES,
    FINISHED,
    FAILED
  }

  private final OutputStream out;
  private final LtxHeader header;
  private final Options options;
  private final Crc64 crc = new Crc64();
  private final PageIndex.Builder index = new PageIndex.Builder();
  private final byte[] frame;
  private final byte[] block;
  private final int lockPgno;
  private long position;
  private int prevPgno;
  private long postApplyChecksum;
  private State state = State.PAGES;

  private LtxEncoder(OutputStream out, LtxHeader header, Options options) {
    this.out = out;
    this.header = header;
    this.options = options;
    int ps = header.pageSize();
    int maxBlock = options.compressor().maxCompressedLength(ps);
    this.block = new byte[maxBlock];
    this.frame = new byte[PageHeader.SIZE + 4 + Lz4.FRAME_OVERHEAD + Math.max(maxBlock, ps)];
    this.lockPgno = header.lockPgno();
  }

  /** Starts a file with the default options (LZ4-frame pages). */
  public static LtxEncoder create(OutputStream out, LtxHeader header) throws IOException {
    return create(out, header, Options.DEFAULT);
  }

  /**
   * Validates the header and writes it.
   *
   * @throws LtxFormatException when the header breaks a rule of docs/FORMAT.md, "Header rules"
   */
  public static LtxEncoder create(OutputStream out, LtxHeader header, Options options)
      throws IOException {
    Objects.requireNonNull(out, "out");
    header.validate();
    LtxEncoder e = new LtxEncoder(out, header, options);
    e.write(header.toBytes(), 0, LtxHeader.SIZE, true);
    return e;
  }

  /** The header written. */
  public LtxHeader header() {
    return header;
  }

  /** Sets the trailer's post-apply checksum (must stay 0 for NoChecksum files). */
  public void setPostApplyChecksum(long checksum) {
    this.postApplyChecksum = checksum;
  }

  /** Encodes a page held in a whole array of page size. */
  public void encodePage(int pgno, byte[] page) throws IOException {
    if (page.length != header.pageSize()) {
      throw new IllegalArgumentException(
          "page " + pgno + " has " + page.length + " bytes, page size is " + header.pageSize());
    }
    encodePage(pgno, page, 0);
  }

  /** Encodes the page-size bytes of {@code buf} from {@code off} as page {@code pgno}. */
  public void encodePage(int pgno, byte[] buf, int off) throws IOException {
    requireState();
    int ps = header.pageSize();
    Objects.checkFromIndexSize(off, ps, buf.length);
    try {
      checkPageOrder(pgno);
      PageEncoding enc = options.encoding();
      new PageHeader(pgno, enc.pageFlags()).writeTo(frame, 0);
      int len;
      if (enc == PageEncoding.BLOCK) {
        int n = options.compressor().compress(buf, off, ps, frame, PageHeader.SIZE + 4);
        Bytes.putI32(frame, PageHeader.SIZE, n);
        crc.update(frame, 0, PageHeader.SIZE + 4);
        len = PageHeader.SIZE + 4 + n;
      } else {
        int n = options.compressor().compress(buf, off, ps, block, 0);
        len = PageHeader.SIZE + Lz4.writeFrame(buf, off, ps, block, n, frame, PageHeader.SIZE);
        crc.update(frame, 0, PageHeader.SIZE);
      }
      crc.update(buf, off, ps);
      index.add(pgno, position, len);
      write(frame, 0, len, false);
      prevPgno = pgno;
    } catch (IOException | RuntimeException e) {
      state = State.FAILED;
      throw e;
    }
  }

  private void checkPageOrder(int pgno) throws LtxFormatException {
    if (pgno <= 0) {
      throw new LtxFormatException("invalid page number " + Integer.toUnsignedString(pgno));
    }
    if (pgno > header.commit()) {
      throw new LtxFormatException(
          "page number " + pgno + " out-of-bounds for commit size " + header.commit());
    }
    if (pgno == lockPgno) {
      throw new LtxFormatException("cannot encode lock page " + pgno);
    }
    if (header.isSnapshot()) {
      if (prevPgno == 0 && pgno != 1) {
        throw new LtxFormatException(
            "snapshot transaction file must start with page number 1, got " + pgno);
      }
      if (prevPgno != 0 && pgno != nextSnapshotPgno()) {
        throw new LtxFormatException(
            "nonsequential page numbers in snapshot transaction: " + prevPgno + ", " + pgno);
      }
    } else if (pgno <= prevPgno) {
      throw new LtxFormatException("out-of-order page numbers: " + prevPgno + ", " + pgno);
    }
  }

  private int nextSnapshotPgno() {
    int next = prevPgno + 1;
    return next == lockPgno ? next + 1 : next;
  }

  /**
   * Writes the end marker, page index, index size and trailer; the stream is left open.
   *
   * @return header, trailer, index and total size of the file written
   * @throws LtxFormatException when a snapshot misses pages or the trailer breaks a rule
   */
  public LtxSummary finish() throws IOException {
    requireState();
    try {
      checkComplete();
      byte[] end = new byte[PageHeader.SIZE];
      write(end, 0, end.length, true);
      PageIndex pageIndex = index.build();
      byte[] idx = pageIndex.encode();
      write(idx, 0, idx.length, true);
      byte[] size = new byte[8];
      Bytes.putI64(size, 0, idx.length);
      write(size, 0, 8, true);
      crc.updateLong(postApplyChecksum);
      LtxTrailer trailer =
          new LtxTrailer(postApplyChecksum, LtxHeader.CHECKSUM_FLAG | crc.getValue());
      write(trailer.toBytes(), 0, LtxTrailer.SIZE, false);
      state = State.FINISHED;
      return new LtxSummary(header, trailer, pageIndex, position);
    } catch (IOException | RuntimeException e) {
      state = State.FAILED;
      throw e;
    }
  }

  private void checkComplete() throws LtxFormatException {
    if (header.isSnapshot() && header.commit() > 0) {
      int last = header.commit() == lockPgno ? lockPgno - 1 : header.commit();
      if (prevPgno != last) {
        throw new LtxFormatException(
            "snapshot transaction file incomplete: last page "
                + prevPgno
                + ", commit "
                + header.commit());
      }
    }
    if (header.noChecksum() && postApplyChecksum != 0) {
      throw new LtxFormatException(
          "post-apply checksum not allowed with no-checksum flag: " + Bytes.hex(postApplyChecksum));
    }
    if (!header.noChecksum() && (postApplyChecksum & LtxHeader.CHECKSUM_FLAG) == 0) {
      throw new LtxFormatException("post-apply checksum required: " + Bytes.hex(postApplyChecksum));
    }
    if (header.commit() == 0 && postApplyChecksum != LtxHeader.CHECKSUM_FLAG) {
      throw new LtxFormatException("post-apply checksum must be empty for zero-length database");
    }
  }

  private void requireState() {
    if (state != State.PAGES) {
      throw new IllegalStateException("ltx encoder is " + state.name().toLowerCase());
    }
  }

  private void write(byte[] b, int off, int len, boolean hash) throws IOException {
    out.write(b, off, len);
    if (hash) {
      crc.update(b, off, len);
    }
    position += len;
  }
}
