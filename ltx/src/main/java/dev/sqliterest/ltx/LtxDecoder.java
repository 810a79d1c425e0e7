package dev.sqliterest.ltx;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads one LTX file from a stream: the header at {@link #open}, then pages one at a time, then
 * {@link #finish} reads the page index and trailer and verifies the CRC-64 file checksum (and the
 * post-apply checksum of snapshots that track checksums). Both page encodings are accepted, per
 * page. Nothing is trusted until {@code finish} returns: write decoded pages somewhere temporary.
 * The stream is not closed here; the caller owns it.
 *
 * <p>Beyond the Go decoder this rejects LZ4 payloads that do not decode to exactly one page, index
 * entries that do not match the frames read, and bytes after the trailer.
 */
public final class LtxDecoder {

  private enum State {
    PAGES,
    INDEX,
    FINISHED,
    FAILED
  }

  private final LtxInput in;
  private final LtxHeader header;
  private final Crc64 crc = new Crc64();
  private final byte[] scratch;
  private final byte[] word = new byte[PageHeader.SIZE + 4];
  private final PageIndex.Builder frames = new PageIndex.Builder();
  private final DatabaseChecksum dbChecksum;
  private PageEncoding lastEncoding;
  private State state = State.PAGES;

  private LtxDecoder(LtxInput in, LtxHeader header, byte[] headerBytes) {
    this.in = in;
    this.header = header;
    int ps = header.pageSize();
    this.scratch = new byte[ps + ps / 255 + 16];
    this.dbChecksum = header.isSnapshot() && !header.noChecksum() ? new DatabaseChecksum() : null;
    crc.update(headerBytes, 0, LtxHeader.SIZE);
  }

  /**
   * Reads and validates the header.
   *
   * @throws LtxFormatException for a short file, bad magic or a header rule (docs/FORMAT.md,
   *     "Header rules")
   */
  public static LtxDecoder open(InputStream stream) throws IOException {
    InputStream buffered =
        stream instanceof BufferedInputStream || stream instanceof ByteArrayInputStream
            ? stream
            : new BufferedInputStream(stream, 1 << 14);
    LtxInput in = new LtxInput(buffered);
    byte[] b = new byte[LtxHeader.SIZE];
    in.readFully(b, 0, LtxHeader.SIZE, "header");
    LtxHeader header = LtxHeader.parse(b);
    header.validate();
    return new LtxDecoder(in, header, b);
  }

  /** Decodes and verifies a whole file, discarding page data. */
  public static LtxSummary verify(InputStream stream) throws IOException {
    return open(stream).finish();
  }

  /** The validated header. */
  public LtxHeader header() {
    return header;
  }

  /**
   * Decodes the next page into {@code dst} (at least page-size long).
   *
   * @return the page number, or 0 once the end marker is reached (then call {@link #finish})
   */
  public int readPage(byte[] dst) throws IOException {
    if (state == State.INDEX) {
      return 0;
    }
    requireState(State.PAGES);
    try {
      return decodePage(dst);
    } catch (IOException | RuntimeException e) {
      state = State.FAILED;
      throw e;
    }
  }

  /** The payload encoding of the page decoded last ({@code null} before the first page). */
  public PageEncoding lastPageEncoding() {
    return lastEncoding;
  }

  /** Decodes the next page into a new array; {@code null} once the end marker is reached. */
  public LtxPage nextPage() throws IOException {
    byte[] data = new byte[header.pageSize()];
    int pgno = readPage(data);
    return pgno == 0 ? null : new LtxPage(pgno, data);
  }

  private int decodePage(byte[] dst) throws IOException {
    int ps = header.pageSize();
    if (dst.length < ps) {
      throw new IllegalArgumentException("page buffer smaller than page size " + ps);
    }
    long start = in.offset();
    in.readFully(word, 0, PageHeader.SIZE, "page header");
    PageHeader ph = PageHeader.parse(word, 0);
    crc.update(word, 0, PageHeader.SIZE);
    if (ph.isEnd()) {
      state = State.INDEX;
      return 0;
    }
    ph.validate();
    lastEncoding = ph.encoding();
    if (ph.encoding() == PageEncoding.BLOCK) {
      in.readFully(word, PageHeader.SIZE, 4, "page size of page " + ph.pgno());
      crc.update(word, PageHeader.SIZE, 4);
      int n = Bytes.i32(word, PageHeader.SIZE);
      if (n <= 0 || n > scratch.length) {
        throw new LtxFormatException(
            "invalid compressed size " + Integer.toUnsignedString(n) + " on page " + ph.pgno());
      }
      in.readFully(scratch, 0, n, "lz4 block of page " + ph.pgno());
      Lz4.decompressBlock(scratch, n, dst, ps, ph.pgno());
    } else {
      Lz4.readFrame(in, dst, ps, scratch, ph.pgno());
    }
    crc.update(dst, 0, ps);
    if (dbChecksum != null) {
      dbChecksum.add(ph.pgno(), dst, 0, ps);
    }
    frames.add(ph.pgno(), start, in.offset() - start);
    return ph.pgno();
  }

  /**
   * Decodes any remaining pages, then reads the page index, index size and trailer, requires the
   * end of the stream, and verifies the checksums.
   *
   * @throws ChecksumMismatchException when the file or post-apply checksum differs
   * @throws LtxFormatException for a malformed or truncated index or trailer
   */
  public LtxSummary finish() throws IOException {
    if (state == State.PAGES) {
      byte[] page = new byte[header.pageSize()];
      while (readPage(page) != 0) {
        // decoded only for the checksum
      }
    }
    requireState(State.INDEX);
    try {
      LtxSummary info = readTail();
      state = State.FINISHED;
      return info;
    } catch (IOException | RuntimeException e) {
      state = State.FAILED;
      throw e;
    }
  }

  private LtxSummary readTail() throws IOException {
    PageIndex index = readIndex();
    byte[] t = new byte[LtxTrailer.SIZE];
    in.readFully(t, 0, LtxTrailer.SIZE, "trailer");
    crc.update(t, 0, 8);
    LtxTrailer trailer = new LtxTrailer(Bytes.i64(t, 0), Bytes.i64(t, 8));
    if (!in.atEnd()) {
      throw new LtxFormatException("unexpected data after ltx trailer at offset " + in.offset());
    }
    long calculated = LtxHeader.CHECKSUM_FLAG | crc.getValue();
    if (trailer.fileChecksum() != calculated) {
      throw new ChecksumMismatchException("file checksum", trailer.fileChecksum(), calculated);
    }
    if (dbChecksum != null && trailer.postApplyChecksum() != dbChecksum.value()) {
      throw new ChecksumMismatchException(
          "post-apply checksum", trailer.postApplyChecksum(), dbChecksum.value());
    }
    return new LtxSummary(header, trailer, index, in.offset());
  }

  /** Reads the index, which must list exactly the frames read, and returns those (no copy). */
  private PageIndex readIndex() throws IOException {
    long start = in.offset();
    PageIndex read = frames.build();
    int i = 0;
    while (true) {
      long pgno = readUvarint();
      if (pgno == 0) {
        break;
      }
      long offset = readUvarint();
      long size = readUvarint();
      if (pgno > 0xFFFFFFFFL || !read.matches(i, pgno, offset, size)) {
        throw new LtxFormatException(
            "page index entry "
                + i
                + " "
                + new PageIndex.Entry((int) pgno, offset, size)
                + " does not match frame "
                + (i < read.size() ? read.entry(i) : "(none)"));
      }
      i++;
    }
    if (i != read.size()) {
      throw new LtxFormatException("page index lists " + i + " pages, file holds " + read.size());
    }
    long indexLen = in.offset() - start;
    byte[] b = new byte[8];
    in.readFully(b, 0, 8, "page index size");
    crc.update(b, 0, 8);
    long declared = Bytes.i64(b, 0);
    if (declared != indexLen) {
      throw new LtxFormatException(
          "page index size field says " + declared + " bytes, index has " + indexLen);
    }
    return read;
  }

  private long readUvarint() throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readByte("page index");
      crc.update(b);
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new LtxFormatException("page index varint overflows 64 bits at offset " + in.offset());
  }

  /**
   * Writes the database image a snapshot file holds: pages 1..Commit in order, the lock page as
   * zeros (docs/FORMAT.md, "Producing the database"), then verifies the file. The output is
   * untrusted if this throws.
   *
   * @throws LtxFormatException for a non-snapshot file or missing/unordered pages
   */
  public LtxSummary decodeDatabaseTo(OutputStream out) throws IOException {
    if (!header.isSnapshot()) {
      throw new LtxFormatException(
          "cannot decode non-snapshot ltx file " + header.fileName() + " to a database");
    }
    DatabaseImageSink sink = new DatabaseImageSink(out, header);
    byte[] page = new byte[header.pageSize()];
    for (int pgno; (pgno = readPage(page)) != 0; ) {
      sink.page(pgno, page);
    }
    sink.finish();
    return finish();
  }

  private void requireState(State expected) {
    if (state != expected) {
      throw new IllegalStateException("ltx decoder is " + state.name().toLowerCase());
    }
  }
}
