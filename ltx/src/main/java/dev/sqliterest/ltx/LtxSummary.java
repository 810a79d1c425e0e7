package dev.sqliterest.ltx;

/**
 * What an encoder wrote or a decoder verified: header, trailer, page index and the file's length.
 * (A replica's listing entry for a file is {@code replication.client.LtxFileInfo}, as in
 * Litestream.)
 */
public record LtxSummary(LtxHeader header, LtxTrailer trailer, PageIndex index, long size) {

  /** Number of pages in the file. */
  public int pageCount() {
    return index.size();
  }

  /** The file name the header's TXID range gives. */
  public LtxFileName fileName() {
    return header.fileName();
  }
}
