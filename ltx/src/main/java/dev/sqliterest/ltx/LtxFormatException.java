package dev.sqliterest.ltx;

import java.io.IOException;

/**
 * An LTX file that violates the format: a bad header field, page header, LZ4 payload, page index or
 * trailer, or a stream that ends early. The message names the part and the offending value.
 */
public class LtxFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  public LtxFormatException(String message) {
    super(message);
  }

  public LtxFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
