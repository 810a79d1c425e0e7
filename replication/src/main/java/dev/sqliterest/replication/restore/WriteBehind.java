package dev.sqliterest.replication.restore;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A {@link PageWriter.Target} that writes on a thread of its own, so a restore decodes the next
 * pages on one core while the previous run goes into the file on the other (docs/PERFORMANCE.md,
 * Restore). Runs are written one at a time in the order they were handed over, so later files still
 * overwrite earlier ones. At most {@value #BUFFERS} buffers exist; a caller that is ahead waits for
 * one. The first failed write fails every later call and {@link #close}, whose message names the
 * file; {@code close} returns only once the writer thread has ended, so nothing writes into the
 * file after a restore gave up on it.
 *
 * <p>Every {@value #WRITEBACK_MIB} MiB written, a second thread flushes the file to disk ({@code
 * fdatasync}) while the restore goes on. Linux writes dirty pages back by itself only after 30 s or
 * once they pass a share of memory (10 % by default), so without this a 260 MiB restore left all of
 * it for the final fsync, about 0.05 s of its 0.5 s on this machine spent waiting on the disk alone
 * (docs/PERFORMANCE.md, Restore); now that fsync finds the tail only. A failed flush fails the
 * restore as a failed write does (a later fsync may no longer report that error), and {@code close}
 * waits for a running flush too.
 *
 * <p>Given a second descriptor of the file opened for direct I/O ({@code O_DIRECT}), runs whose
 * position and length are multiples of its alignment go through it: the bytes go from the buffer to
 * the disk, with no copy into the page cache and no write-back of dirty pages later, which cost the
 * writer thread about half its time on this machine (docs/PERFORMANCE.md, Restore). A restore asks
 * for it only when nothing reads the file right after (no integrity check): SQLite's check would
 * then read every page back from the disk. Other runs (pages smaller than the file system's block)
 * are written as before, and so are runs shorter than {@value #DIRECT_MIN_KIB} KiB: a direct write
 * waits for the disk (about 0.25 ms for one 4 KiB page on this machine, where the pages an L0 file
 * changes, scattered one by one, took as long as the whole snapshot's), an ordinary one only for
 * the copy into the page cache, written back later with its neighbours. Linux keeps the two kinds
 * of write coherent, so later runs still overwrite earlier ones. Should a direct write fail, that
 * run and every later one are written the ordinary way.
 */
final class WriteBehind implements PageWriter.Target, AutoCloseable {

  static final int BUFFERS = 3;

  static final int WRITEBACK_MIB = 16;

  static final int DIRECT_MIN_KIB = 128;

  private static final long WRITEBACK_BYTES = (long) WRITEBACK_MIB << 20;

  private record Run(byte[] buffer, int len, long position) {}

  private static final Run END = new Run(new byte[0], 0, -1);

  private final FileChannel out;
  private final long alignment;
  private final int minDirectBytes;
  private FileChannel direct; // the writer thread's; null once a direct write failed
  private long directBytes; // the writer thread's
  private ByteBuffer aligned; // the writer thread's: what direct writes are copied into
  private final Path path;
  // at most BUFFERS runs are ever queued, so END always fits and adding never blocks
  private final BlockingQueue<Run> runs = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
  private final Thread writer;
  private final long writebackBytes;
  // one flush asked for while another may run; TRUE: flush, FALSE: end (both from the writer)
  private final BlockingQueue<Boolean> flushes = new ArrayBlockingQueue<>(1);
  private Thread flusher; // the writer thread's, started at the first flush
  private long unflushed; // the writer thread's
  private volatile Throwable failure;
  private int spares;
  private boolean closed;

  /** Starts the writer thread for {@code out}, the file at {@code path} (named in errors). */
  WriteBehind(FileChannel out, Path path) {
    this(out, null, 1, 0, path, WRITEBACK_BYTES);
  }

  /**
   * As above, writing the runs of at least {@value #DIRECT_MIN_KIB} KiB aligned to {@code
   * alignment} through {@code direct} (opened with {@code O_DIRECT}; null: none).
   */
  WriteBehind(FileChannel out, FileChannel direct, long alignment, Path path) {
    this(out, direct, alignment, DIRECT_MIN_KIB << 10, path, WRITEBACK_BYTES);
  }

  /** As above, with direct writes from {@code minDirectBytes} on (tests: small runs). */
  WriteBehind(FileChannel out, FileChannel direct, long alignment, int minDirectBytes, Path path) {
    this(out, direct, alignment, minDirectBytes, path, WRITEBACK_BYTES);
  }

  /** As above, flushing every {@code writebackBytes} written (tests: small values). */
  WriteBehind(FileChannel out, Path path, long writebackBytes) {
    this(out, null, 1, 0, path, writebackBytes);
  }

  private WriteBehind(
      FileChannel out,
      FileChannel direct,
      long alignment,
      int minDirectBytes,
      Path path,
      long writebackBytes) {
    this.out = out;
    this.direct = direct;
    this.alignment = alignment;
    this.minDirectBytes = minDirectBytes;
    this.path = path;
    this.writebackBytes = writebackBytes;
    this.writer = Thread.ofPlatform().daemon().name("restore-writer").start(this::writeRuns);
  }

  @Override
  public byte[] write(byte[] buffer, int len, long position) throws IOException {
    throwIfFailed();
    if (closed) {
      throw new IllegalStateException("write after close");
    }
    runs.add(new Run(buffer, len, position));
    if (spares < BUFFERS - 1) {
      spares++;
      return new byte[buffer.length];
    }
    try {
      byte[] next = free.take();
      throwIfFailed();
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("restore interrupted while writing " + path);
    }
  }

  /**
   * Waits until every run handed over is in the file (or failed) and the writer thread ended (it
   * waits for a running flush first).
   *
   * @throws RestoreException when a write failed
   */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      runs.add(END);
      boolean interrupted = false;
      while (writer.isAlive()) {
        try {
          writer.join();
        } catch (InterruptedException e) {
          interrupted = true; // the thread must end before the caller may delete the file
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    throwIfFailed();
  }

  private void throwIfFailed() throws RestoreException {
    Throwable f = failure;
    if (f != null) {
      throw new RestoreException("writing the restored database " + path + ": " + f, f);
    }
  }

  private void writeRuns() {
    try {
      for (Run r; (r = runs.take()) != END; ) {
        if (failure == null) {
          try {
            write(r);
            unflushed += r.len();
            askForFlush();
          } catch (Throwable e) {
            fail(e); // later runs are only handed back, so the caller never waits forever
          }
        }
        free.add(r.buffer());
      }
      if (flusher != null) {
        flushes.put(Boolean.FALSE);
        flusher.join();
      }
    } catch (InterruptedException e) {
      fail(e); // nothing interrupts this thread; if something did, the restore must fail
    }
  }

  private void write(Run r) throws IOException {
    if (direct != null
        && r.len() >= minDirectBytes
        && r.position() % alignment == 0
        && r.len() % alignment == 0) {
      try {
        // the JDK would copy a heap buffer into a new aligned buffer for every write (1 MiB
        // allocated, zeroed, faulted in and freed each time); this one is reused
        if (aligned == null || aligned.capacity() < r.len()) {
          aligned =
              ByteBuffer.allocateDirect(r.len() + (int) alignment).alignedSlice((int) alignment);
        }
        aligned.clear().put(r.buffer(), 0, r.len()).flip();
        for (long pos = r.position(); aligned.hasRemaining(); ) {
          pos += direct.write(aligned, pos);
        }
        directBytes += r.len();
        return;
      } catch (IOException e) {
        direct = null; // this run again, and all later ones, the ordinary way
      }
    }
    writeFully(out, r);
  }

  private static void writeFully(FileChannel ch, Run r) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(r.buffer(), 0, r.len());
    for (long pos = r.position(); b.hasRemaining(); ) {
      pos += ch.write(b, pos);
    }
  }

  /** Bytes written through the direct descriptor; read after {@link #close} (tests). */
  long directBytes() {
    return directBytes;
  }

  /** Once enough was written since the last flush, and no other flush waits to start. */
  private void askForFlush() {
    if (unflushed < writebackBytes) {
      return;
    }
    if (flusher == null) {
      flusher = Thread.ofPlatform().daemon().name("restore-writeback").start(this::flushRuns);
    }
    if (flushes.offer(Boolean.TRUE)) {
      unflushed = 0;
    }
  }

  private void flushRuns() {
    try {
      while (flushes.take()) {
        if (failure == null) {
          try {
            out.force(false);
          } catch (Throwable e) {
            fail(e);
          }
        }
      }
    } catch (InterruptedException e) {
      fail(e);
    }
  }

  private void fail(Throwable e) {
    if (failure == null) {
      failure = e;
    }
  }
}
