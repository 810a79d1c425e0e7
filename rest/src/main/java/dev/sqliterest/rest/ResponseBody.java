package dev.sqliterest.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/**
 * The body of an {@link HttpResponseData}: {@link Bytes} rendered in memory, or {@link Streamed},
 * written to the client while its rows are read (a large read never holds its whole body). The
 * transport's write switches over the kinds, so the compiler names the places that must learn a new
 * one. The transport closes every body once it is written or left out (HEAD, a failed write).
 */
public sealed interface ResponseBody extends AutoCloseable {

  /** No body (204, preflights). */
  ResponseBody EMPTY = new Bytes(new byte[0]);

  static ResponseBody of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes);
  }

  /**
   * The body a GET would send, not built (HEAD): no bytes, and no {@code Content-Length}, which RFC
   * 9110 lets a HEAD response leave out.
   */
  static ResponseBody notRendered() {
    return new Streamed(out -> {}, () -> {});
  }

  /** The length in bytes when known before writing (sent as {@code Content-Length}). */
  OptionalLong length();

  /** Writes the whole body to {@code out}. */
  void writeTo(OutputStream out) throws IOException;

  /** The whole body in memory (tests, logs); closes a streamed body. */
  byte[] toBytes();

  /** Releases what the body reads from; idempotent. */
  @Override
  default void close() {}

  /** A body held in memory. */
  record Bytes(byte[] bytes) implements ResponseBody {

    @Override
    public OptionalLong length() {
      return OptionalLong.of(bytes.length);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      out.write(bytes);
    }

    @Override
    public byte[] toBytes() {
      return bytes;
    }
  }

  /** Writes a body to a stream (the rows of an open query). */
  @FunctionalInterface
  interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** Releases a streamed body's resources (the database connection it reads from). */
  @FunctionalInterface
  interface Release {
    void release() throws Exception;
  }

  /**
   * A body written while it is produced, length unknown until the end; it holds {@code release}'s
   * resources until closed, written or not.
   */
  final class Streamed implements ResponseBody {

    private final Writer writer;
    private final Release release;
    private boolean closed;

    public Streamed(Writer writer, Release release) {
      this.writer = writer;
      this.release = release;
    }

    @Override
    public OptionalLong length() {
      return OptionalLong.empty();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      try {
        writer.write(out);
      } finally {
        close();
      }
    }

    @Override
    public byte[] toBytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        writeTo(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        release.release();
      } catch (Exception e) {
        throw new IllegalStateException("release a streamed body: " + e.getMessage(), e);
      }
    }
  }
}
