package dev.sqliterest.server.cli;

import dev.sqliterest.ltx.LtxDecoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.ltx.LtxSummary;
import dev.sqliterest.ltx.PageIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sqlite-rest ltx dump FILE}: prints the header, one line per page (number, encoding, frame
 * offset and size), optionally a hex dump of each page, then the page index size and trailer, and
 * whether the file checksum verified.
 */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = "Print an LTX file's header, pages and trailer, then verify it.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  sqlite-rest ltx dump backup/ltx/0/0000000000000002-0000000000000002.ltx",
      "  sqlite-rest ltx dump --data 16 backup/ltx/9/0000000000000001-0000000000000123.ltx",
      "",
      "Exit codes: 0 ok, 1 the file is invalid or unreadable, 2 bad usage."
    })
public final class LtxDumpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The LTX file to dump.")
  Path file;

  @Option(
      names = "--data",
      description = "Also hex-dump the first N bytes of every page (0 = none). Default: 0.",
      paramLabel = "N",
      defaultValue = "0")
  int dataBytes;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (InputStream in = Files.newInputStream(file)) {
      LtxDecoder d = LtxDecoder.open(in);
      printHeader(out, d.header());
      byte[] page = new byte[d.header().pageSize()];
      int count = 0;
      for (int pgno; (pgno = d.readPage(page)) != 0; count++) {
        out.printf("page %d: %s%n", pgno, d.lastPageEncoding().name().toLowerCase());
        if (dataBytes > 0) {
          hexDump(out, page, Math.min(dataBytes, page.length));
        }
      }
      LtxSummary info = d.finish();
      out.println();
      for (PageIndex.Entry e : info.index().entries()) {
        out.printf("index: page %d at offset %d, %d bytes%n", e.pgno(), e.offset(), e.size());
      }
      out.printf("pages: %d%n", count);
      out.printf("post-apply-checksum: %016x%n", info.trailer().postApplyChecksum());
      out.printf("file-checksum: %016x (verified)%n", info.trailer().fileChecksum());
      out.printf("size: %d bytes%n", info.size());
      out.flush();
      return ExitCodes.OK;
    } catch (IOException e) {
      out.flush();
      err.println(file + ": FAILED: " + e.getMessage());
      err.flush();
      return ExitCodes.FAILURE;
    }
  }

  private static void printHeader(PrintWriter out, LtxHeader h) {
    out.printf("flags: 0x%08x%s%n", h.flags(), h.noChecksum() ? " (no-checksum)" : "");
    out.printf("page-size: %d%n", h.pageSize());
    out.printf("commit: %d%n", h.commit());
    out.printf("min-txid: %016x%n", h.minTxid());
    out.printf("max-txid: %016x%s%n", h.maxTxid(), h.isSnapshot() ? " (snapshot)" : "");
    out.printf("timestamp: %d (%s)%n", h.timestamp(), Instant.ofEpochMilli(h.timestamp()));
    out.printf("pre-apply-checksum: %016x%n", h.preApplyChecksum());
    out.printf("wal-offset: %d%n", h.walOffset());
    out.printf("wal-size: %d%n", h.walSize());
    out.printf("wal-salt: %08x %08x%n", h.walSalt1(), h.walSalt2());
    out.printf("node-id: %d%n", h.nodeId());
    out.println();
  }

  private static void hexDump(PrintWriter out, byte[] page, int len) {
    HexFormat hex = HexFormat.of();
    for (int off = 0; off < len; off += 32) {
      out.printf("  %06x: %s%n", off, hex.formatHex(page, off, Math.min(len, off + 32)));
    }
  }
}
