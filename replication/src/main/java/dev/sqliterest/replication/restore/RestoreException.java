package dev.sqliterest.replication.restore;

import java.io.IOException;

/** A restore could not produce a database; the message says why and names files and TXIDs. */
public class RestoreException extends IOException {

  public RestoreException(String message) {
    super(message);
  }

  public RestoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
