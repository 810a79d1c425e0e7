package dev.sqliterest.replication.wal;

import dev.sqliterest.sqlite.ReadableFile;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads SQLite WAL frames and verifies salts and checksums.
 *
 * <p>Implementation notes: frame k starts at {@code 32 + k * (24 + pageSize)}. A frame is valid iff
 * its salts equal the header's and its stored checksum equals the running checksum (see {@link
 * WalChecksum}); like SQLite's recovery, the first short or invalid frame ends the log, so stale
 * frames of an earlier WAL generation left behind a restart are never read. SQLite may append while
 * it reads, and a frame still being written simply fails its checksum.
 *
 * <p>A live WAL (one SQLite has open) is read with {@link #over}, through the database's {@code
 * LiveFiles}; {@link #open(Path)} opens (and {@link #close()} closes) a descriptor of its own and
 * is only for WAL files no SQLite connection of this process has open (copies, tests, benchmarks).
 */
public final class WalReader implements AutoCloseable {

  /** Read this many bytes per I/O call when scanning (rounded down to whole frames). */
  private static final int CHUNK_BYTES = 1 << 20;

  private final ReadableFile file;
  private final OfflineFile owned;
  private final WalHeader header;

  private WalReader(ReadableFile file, OfflineFile owned, WalHeader header) {
    this.file = file;
    this.owned = owned;
    this.header = header;
  }

  /**
   * Reads a live WAL through {@code wal} and validates its header; {@link #close()} leaves the file
   * open.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws WalFormatException if it is shorter than a header or the header is invalid
   */
  public static WalReader over(ReadableFile wal) throws IOException {
    return new WalReader(wal, null, readHeaderOf(wal));
  }

  /**
   * Opens a WAL file that no SQLite connection of this process has open, and validates its header.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws WalFormatException if it is shorter than a header or the header is invalid
   */
  public static WalReader open(Path walPath) throws IOException {
    OfflineFile file = new OfflineFile(walPath, FileChannel.open(walPath, StandardOpenOption.READ));
    try {
      return new WalReader(file, file, readHeaderOf(file));
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /**
   * The header of the WAL, or empty when there is no valid WAL: the file is missing, shorter than a
   * header, or its header is invalid (SQLite then ignores the whole file).
   */
  public static Optional<WalHeader> readHeader(ReadableFile wal) throws IOException {
    try {
      return Optional.of(readHeaderOf(wal));
    } catch (NoSuchFileException | WalFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * As {@link #readHeader(ReadableFile)} for a WAL file no SQLite connection of this process has
   * open.
   */
  public static Optional<WalHeader> readHeader(Path walPath) throws IOException {
    try (WalReader reader = open(walPath)) {
      return Optional.of(reader.header());
    } catch (NoSuchFileException | WalFormatException e) {
      return Optional.empty();
    }
  }

  private static WalHeader readHeaderOf(ReadableFile wal) throws IOException {
    byte[] bytes = new byte[WalHeader.SIZE];
    int n = wal.readUpTo(bytes, 0, bytes.length, 0);
    if (n < WalHeader.SIZE) {
      throw new WalFormatException("wal " + wal.path() + " has no header: " + n + " bytes");
    }
    return WalHeader.parse(bytes);
  }

  public WalHeader header() {
    return header;
  }

  /**
   * Whether the file still holds the WAL generation this reader validated (its header, read again
   * now, has the same salts). SQLite writes a new generation's header before its first frame, so
   * when this holds after frames were read, none of them was overwritten while being read.
   */
  public boolean sameGeneration() throws IOException {
    Optional<WalHeader> now = readHeader(file);
    return now.isPresent()
        && now.get().salt1() == header.salt1()
        && now.get().salt2() == header.salt2();
  }

  /** Current size of the WAL file in bytes (may include stale frames of earlier generations). */
  public long size() throws IOException {
    return file.size();
  }

  /**
   * Reads the frame header at {@code offset} without validating it; empty when the file ends before
   * a whole frame.
   */
  public Optional<WalFrame> frameAt(long offset) throws IOException {
    requireFrameAligned(offset);
    if (offset + header.frameSize() > file.size()) {
      return Optional.empty();
    }
    byte[] bytes = new byte[WalFrame.HEADER_SIZE];
    if (file.readUpTo(bytes, 0, bytes.length, offset) < bytes.length) {
      return Optional.empty();
    }
    return Optional.of(WalFrame.parse(offset, bytes, 0));
  }

  /**
   * Reads the page image of the frame at {@code frameOffset} into {@code page} (pageSize bytes).
   */
  public void readPage(long frameOffset, byte[] page) throws IOException {
    requireFrameAligned(frameOffset);
    if (page.length != header.pageSize()) {
      throw new IllegalArgumentException(
          "page buffer is " + page.length + " bytes, page size " + header.pageSize());
    }
    long at = frameOffset + WalFrame.HEADER_SIZE;
    if (file.readUpTo(page, 0, page.length, at) < page.length) {
      throw new EOFException("wal ends inside the page of the frame at offset " + frameOffset);
    }
  }

  /**
   * The checksum a scan starting at {@code offset} continues from: the header's at the first frame,
   * else the checksum stored in the frame just before {@code offset}. Empty when that frame is
   * missing or belongs to another WAL generation (other salts): the caller must rescan from the
   * first frame.
   */
  public Optional<WalChecksum> seedAt(long offset) throws IOException {
    requireFrameAligned(offset);
    if (offset == WalHeader.SIZE) {
      return Optional.of(header.checksum());
    }
    return frameAt(offset - header.frameSize())
        .filter(previous -> previous.hasSaltsOf(header))
        .map(WalFrame::checksum);
  }

  /** Scans every committed transaction from the first frame to the end of the log. */
  public WalScan scan() throws IOException {
    return scan(WalHeader.SIZE, header.checksum(), Long.MAX_VALUE);
  }

  /**
   * Scans committed transactions from {@code offset}, continuing the running checksum from {@code
   * seed} (see {@link #seedAt}). Stops at the first short or invalid frame, or after the first
   * commit frame at which at least {@code limitBytes} have been consumed.
   */
  public WalScan scan(long offset, WalChecksum seed, long limitBytes) throws IOException {
    requireFrameAligned(offset);
    int frameSize = header.frameSize();
    boolean bigEndian = header.bigEndianChecksums();
    int framesPerChunk = Math.max(1, CHUNK_BYTES / frameSize);
    byte[] chunk = new byte[framesPerChunk * frameSize];
    Map<Integer, Long> committed = new HashMap<>();
    Map<Integer, Long> pending = new HashMap<>();
    WalChecksum running = seed;
    WalChecksum atCommit = seed;
    long position = offset;
    long end = offset;
    int commit = 0;
    int transactions = 0;
    int valid = 0;
    boolean limitReached = false;
    scanning:
    while (true) {
      int n = file.readUpTo(chunk, 0, chunk.length, position);
      int whole = n / frameSize;
      for (int i = 0; i < whole; i++) {
        int at = i * frameSize;
        WalFrame frame = WalFrame.parse(position, chunk, at);
        if (!frame.hasSaltsOf(header)) {
          break scanning;
        }
        running =
            running
                .update(bigEndian, chunk, at, 8)
                .update(bigEndian, chunk, at + WalFrame.HEADER_SIZE, header.pageSize());
        if (!running.equals(frame.checksum())) {
          break scanning;
        }
        valid++;
        pending.put(frame.pgno(), position);
        position += frameSize;
        if (frame.isCommit()) {
          committed.putAll(pending);
          pending.clear();
          commit = frame.commit();
          transactions++;
          end = position;
          atCommit = running;
          if (end - offset >= limitBytes) {
            limitReached = true;
            break scanning;
          }
        }
      }
      if (whole < framesPerChunk) {
        break;
      }
    }
    TreeMap<Integer, Long> pages = new TreeMap<>();
    for (Map.Entry<Integer, Long> e : committed.entrySet()) {
      if (Integer.compareUnsigned(e.getKey(), commit) <= 0) {
        pages.put(e.getKey(), e.getValue());
      }
    }
    return new WalScan(
        header,
        offset,
        end,
        commit,
        Collections.unmodifiableMap(pages),
        transactions,
        valid,
        atCommit,
        limitReached);
  }

  private void requireFrameAligned(long offset) {
    if (offset < WalHeader.SIZE || (offset - WalHeader.SIZE) % header.frameSize() != 0) {
      throw new IllegalArgumentException(
          "unaligned wal offset " + offset + " for page size " + header.pageSize());
    }
  }

  /**
   * Closes the descriptor {@link #open(Path)} opened; a live file read {@link #over} stays open.
   */
  @Override
  public void close() throws IOException {
    if (owned != null) {
      owned.close();
    }
  }

  /** A WAL file opened by {@link #open(Path)}: its own descriptor, closed with the reader. */
  private record OfflineFile(Path path, FileChannel channel)
      implements ReadableFile, AutoCloseable {
    @Override
    public long size() throws IOException {
      return channel.size();
    }

    @Override
    public int read(byte[] dst, int off, int len, long position) throws IOException {
      return channel.read(ByteBuffer.wrap(dst, off, len), position);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
