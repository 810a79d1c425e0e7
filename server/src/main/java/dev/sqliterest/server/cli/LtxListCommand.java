package dev.sqliterest.server.cli;

import dev.sqliterest.replication.client.Levels;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaClients;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sqlite-rest ltx list REPLICA_URL}: lists a replica's LTX files per level with TXID range,
 * size and CreatedAt, like {@code litestream ltx -level all}.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the LTX files of a replica (levels, TXID ranges, sizes, creation times).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  sqlite-rest ltx list file:///backups/app",
      "  sqlite-rest ltx list --level 9"
          + " 's3://bkt/app?endpoint=http://127.0.0.1:9000&region=us-east-1'",
      "",
      "Exit codes: 0 ok, 1 the replica cannot be read, 2 bad usage."
    })
public final class LtxListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "REPLICA_URL",
      description = "file:///dir, s3://bucket/prefix?endpoint=…, or a replica directory")
  String replicaUrl;

  @CommandLine.Option(
      names = "--level",
      defaultValue = "all",
      description = "Level to list: 0-9 or \"all\" (default: ${DEFAULT-VALUE}).")
  String level;

  @CommandLine.Option(
      names = "--json",
      description = "Print one JSON object per file instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    List<Integer> levels = levels();
    PrintWriter out = spec.commandLine().getOut();
    try (ReplicaClient client = ReplicaClients.open(replicaUrl)) {
      List<LtxFileInfo> files = new ArrayList<>();
      for (int l : levels) {
        files.addAll(client.ltxFiles(l, 0, false));
      }
      if (json) {
        files.forEach(f -> out.println(json(f)));
      } else {
        LtxFileTable.print(out, files);
      }
      out.flush();
    }
    return ExitCodes.OK;
  }

  private List<Integer> levels() {
    if (level.equals("all")) {
      List<Integer> all = new ArrayList<>();
      for (int l = 0; l <= Levels.MAX; l++) {
        all.add(l);
      }
      return all;
    }
    try {
      return List.of(Levels.requireLevel(Integer.parseInt(level)));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--level must be 0-9 or \"all\", got \"" + level + "\"");
    }
  }

  private static String json(LtxFileInfo f) {
    return String.format(
        "{\"level\":%d,\"min_txid\":\"%016x\",\"max_txid\":\"%016x\",\"size\":%d,\"created_at\":\"%s\"}",
        f.level(),
        f.minTxid(),
        f.maxTxid(),
        f.size(),
        DateTimeFormatter.ISO_INSTANT.format(f.createdAt()));
  }
}
