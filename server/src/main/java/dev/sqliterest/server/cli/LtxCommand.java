package dev.sqliterest.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sqlite-rest ltx}: operator tools for LTX files, the Litestream v0.5 replica format. One
 * subcommand class per verb: {@link LtxDumpCommand}, {@link LtxVerifyCommand}, {@link
 * LtxListCommand}.
 */
@Command(
    name = "ltx",
    mixinStandardHelpOptions = true,
    description = "Inspect LTX files (Litestream v0.5 replica format).",
    subcommands = {LtxDumpCommand.class, LtxVerifyCommand.class, LtxListCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  sqlite-rest ltx list file:///backups/app",
      "  sqlite-rest ltx verify backup/ltx/0/*.ltx",
      "  sqlite-rest ltx dump backup/ltx/9/0000000000000001-0000000000000123.ltx",
      "",
      "Exit codes: 0 ok, 1 a file is invalid or unreadable, 2 bad usage."
    })
public final class LtxCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
