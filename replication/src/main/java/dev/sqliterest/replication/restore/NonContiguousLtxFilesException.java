package dev.sqliterest.replication.restore;

/**
 * A latest restore found a TXID gap: files exist beyond the longest contiguous chain, so restoring
 * the chain would silently lose data.
 */
public final class NonContiguousLtxFilesException extends RestoreException {

  private final long haveUpTo;
  private final long nextStartsAt;

  public NonContiguousLtxFilesException(long haveUpTo, long nextStartsAt) {
    super(
        String.format(
            "non-contiguous ltx files: have up to %016x but next file starts at %016x"
                + " (a TXID is missing from the replica; restore with --txid or --timestamp to"
                + " an earlier point)",
            haveUpTo, nextStartsAt));
    this.haveUpTo = haveUpTo;
    this.nextStartsAt = nextStartsAt;
  }

  public long haveUpTo() {
    return haveUpTo;
  }

  public long nextStartsAt() {
    return nextStartsAt;
  }
}
