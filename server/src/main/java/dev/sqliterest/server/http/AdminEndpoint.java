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
}
