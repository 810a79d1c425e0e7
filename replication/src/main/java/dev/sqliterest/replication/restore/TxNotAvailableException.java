package dev.sqliterest.replication.restore;

/**
 * The replica holds nothing the target can be restored from (Litestream's {@code
 * ErrTxNotAvailable}): no file chain starting at TXID 1, or none reaching the requested TXID.
 * {@code --if-replica-exists} turns this one into success.
 */
public final class TxNotAvailableException extends RestoreException {

  public TxNotAvailableException(String message) {
    super(message);
  }
}
