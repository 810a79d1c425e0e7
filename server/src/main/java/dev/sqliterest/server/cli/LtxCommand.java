package dev.sqliterest.server.cli;

import java.util.concurrent.Callable;
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
public final class LtxCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /**
   * Without a subcommand there is nothing to do: a usage error, like {@code migrate} without DIR.
   */
  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    err.println(spec.qualifiedName() + ": missing a subcommand: dump, verify or list");
    spec.commandLine().usage(err);
    err.flush();
    return ExitCodes.USAGE;
  }
}
