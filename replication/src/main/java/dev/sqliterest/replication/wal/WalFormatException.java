package dev.sqliterest.replication.wal;

import java.io.IOException;

/** A WAL file (or a part of one) that does not follow the SQLite WAL format. */
public final class WalFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  public WalFormatException(String message) {
    super(message);
  }
}
