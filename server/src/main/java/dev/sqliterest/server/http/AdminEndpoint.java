package dev.sqliterest.server.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An extra GET route on the admin listener ({@code --metrics-addr}), such as {@code /metrics}
 * (Prometheus text format). {@code /live} and {@code /ready} are built in.
 */
public interface AdminEndpoint {

  /** The exact path served, e.g. {@code /metrics}. */
  String path();

  /** The response's {@code Content-Type}. */
  String contentType();

  /** Writes the response body; called on a virtual thread per request. */
  void write(OutputStream out) throws IOException;

  /** Writes a body into a stream; what an endpoint does on each GET. */
  @FunctionalInterface
  interface BodyWriter {
    void write(OutputStream out) throws IOException;
  }

  /** An endpoint from its parts, e.g. {@code of("/metrics", Metrics.CONTENT_TYPE, m::writeTo)}. */
  static AdminEndpoint of(String path, String contentType, BodyWriter body) {
    return new AdminEndpoint() {
      @Override
      public String path() {
        return path;
      }

      @Override
      public String contentType() {
        return contentType;
      }

      @Override
      public void write(OutputStream out) throws IOException {
        body.write(out);
      }
    };
  }
}
