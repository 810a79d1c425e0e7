package dev.sqliterest.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalLong;

/**
 * The body of an {@link HttpResponseData}. Today every body is {@link Bytes}, rendered in memory. A
 * body written while the rows are read (streamed, length unknown until the end) becomes a second
 * permitted kind; the transport's write switches over the kinds, so the compiler names the places
 * that must learn it.
 */
public sealed interface ResponseBody {

  /** No body (204, preflights). */
  ResponseBody EMPTY = new Bytes(new byte[0]);

  static ResponseBody of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes);
  }

  /** The length in bytes when known before writing (sent as {@code Content-Length}). */
  OptionalLong length();

  /** Writes the whole body to {@code out}. */
  void writeTo(OutputStream out) throws IOException;

  /** The whole body in memory (tests, logs). */
  byte[] toBytes();

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
}
