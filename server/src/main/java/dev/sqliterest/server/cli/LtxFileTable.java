package dev.sqliterest.server.cli;

import dev.sqliterest.replication.client.LtxFileInfo;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** LTX files as a table with the column names of {@code litestream ltx} (list, restore plans). */
final class LtxFileTable {

  private LtxFileTable() {}

  static void print(PrintWriter out, List<LtxFileInfo> files) {
    out.printf(
        "%-5s  %-16s  %-16s  %12s  %s%n", "level", "min_txid", "max_txid", "size", "created");
    for (LtxFileInfo f : files) {
      out.printf(
          "%-5d  %016x  %016x  %12d  %s%n",
          f.level(),
          f.minTxid(),
          f.maxTxid(),
          f.size(),
          DateTimeFormatter.ISO_INSTANT.format(f.createdAt()));
    }
  }
}
