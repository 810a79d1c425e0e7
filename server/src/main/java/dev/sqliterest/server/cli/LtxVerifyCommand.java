package dev.sqliterest.server.cli;

import dev.sqliterest.ltx.LtxDecoder;
import dev.sqliterest.ltx.LtxFileName;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.ltx.LtxSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sqlite-rest ltx verify FILE...}: decodes every page of each file and checks header rules,
 * page frames, page index, trailer and the CRC-64 file checksum; also that the header's TXID range
 * matches a Litestream file name. Prints one line per file.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Fully decode LTX files and verify their checksums. One line per file.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  sqlite-rest ltx verify backup/ltx/0/*.ltx",
      "  sqlite-rest ltx verify backup/ltx/*/*.ltx          # a whole file replica",
      "",
      "Exit codes: 0 every file ok, 1 a file is invalid or unreadable, 2 bad usage."
    })
public final class LtxVerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "LTX files to verify.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int exit = ExitCodes.OK;
    for (Path file : files) {
      try {
        LtxSummary info;
        try (InputStream in = Files.newInputStream(file)) {
          info = LtxDecoder.verify(in);
        }
        Optional<String> nameProblem = nameProblem(file, info.header());
        if (nameProblem.isPresent()) {
          err.println(file + ": FAILED: " + nameProblem.get());
          exit = ExitCodes.FAILURE;
          continue;
        }
        out.println(file + ": ok " + summary(info));
      } catch (IOException e) {
        err.println(file + ": FAILED: " + e.getMessage());
        exit = ExitCodes.FAILURE;
      }
    }
    out.flush();
    err.flush();
    return exit;
  }

  static String summary(LtxSummary info) {
    LtxHeader h = info.header();
    return String.format(
        "txid=%s pages=%d commit=%d page-size=%d checksum=%016x",
        info.fileName().fileName().replace(".ltx", ""),
        info.pageCount(),
        h.commit(),
        h.pageSize(),
        info.trailer().fileChecksum());
  }

  /**
   * Restore relies on header TXIDs matching the name (docs/FORMAT.md, "Names and TXIDs"); flag a
   * mismatch.
   */
  private static Optional<String> nameProblem(Path file, LtxHeader h) {
    String name = file.getFileName().toString();
    Optional<LtxFileName> parsed = LtxFileName.parse(name);
    if (parsed.isEmpty()) {
      return Optional.empty(); // not named like a replica file: nothing to compare
    }
    if (!parsed.get().equals(h.fileName())) {
      return Optional.of("file name says " + name + " but header says " + h.fileName());
    }
    return Optional.empty();
  }
}
