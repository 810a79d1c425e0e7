package dev.sqliterest.server.cli;

import dev.sqliterest.replication.client.LegacyWalSegmentInfo;
import dev.sqliterest.replication.client.LtxHeaderPeek;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaClients;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.restore.IntegrityCheck;
import dev.sqliterest.replication.restore.NewestReplica;
import dev.sqliterest.replication.restore.RestoreChoice;
import dev.sqliterest.replication.restore.RestoreResult;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.replication.restore.Restorer;
import dev.sqliterest.replication.restore.TxNotAvailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sqlite-rest restore}: rebuilds a database from a replica, with {@code litestream restore}
 * semantics (docs/RESTORE.md): latest, to a TXID or to a point in time; v0.5 LTX or legacy v0.3
 * layout.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Restore a database from a replica (Litestream v0.5 LTX or legacy v0.3 layout).",
      "REPLICA_URL_OR_DB is a replica URL (file:///dir, s3://bucket/prefix?…), a replica"
          + " directory, or a database path whose replica is --replica-url."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sqlite-rest restore -o app.db file:///backups/app",
      "  sqlite-rest restore --txid 00000000000000a7 -o app-at-a7.db file:///backups/app",
      "  # point in time, from S3 (credentials from AWS_* variables)",
      "  sqlite-rest restore --timestamp 2026-11-27T10:00:00Z -o app-10h.db \\",
      "      's3://bkt/app?endpoint=http://127.0.0.1:9000&region=us-east-1'",
      "  sqlite-rest restore --dry-run -o /dev/null file:///backups/app   # print the plan only",
      "  # restore a database path from its replica, unless it already exists",
      "  SQLITEREST_REPLICA_URL=file:///backups/app sqlite-rest restore --if-db-not-exists"
          + " ./app.db",
      "",
      "Exit codes: 0 restored (or skipped by an --if-... flag), 1 restore failed, 2 bad usage."
    })
public final class RestoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REPLICA_URL_OR_DB")
  String source;

  @CommandLine.Option(
      names = {"-o", "--output"},
      paramLabel = "OUT",
      description =
          "Output database path (required with a replica URL; defaults to the database path).")
  Path output;

  static final class Target {
    @CommandLine.Option(
        names = "--timestamp",
        paramLabel = "RFC3339",
        description = "Restore the state made of files created strictly before this time.")
    String timestamp;

    @CommandLine.Option(
        names = "--txid",
        paramLabel = "N",
        description = "Restore up to and including this TXID (16 hex digits, or decimal).")
    String txid;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Target target;

  @CommandLine.Option(
      names = "--if-db-not-exists",
      description = "Exit successfully without restoring when the output already exists.")
  boolean ifDbNotExists;

  @CommandLine.Option(
      names = "--if-replica-exists",
      description = "Exit successfully when the replica holds nothing to restore.")
  boolean ifReplicaExists;

  @CommandLine.Option(names = "--dry-run", description = "Print the restore plan and exit.")
  boolean dryRun;

  @CommandLine.Option(
      names = "--force",
      description = "Overwrite an existing output database and its -wal/-shm/-journal files.")
  boolean force;

  @CommandLine.Option(
      names = "--integrity-check",
      defaultValue = "full",
      paramLabel = "MODE",
      description =
          "none, quick or full (default: ${DEFAULT-VALUE}); a failed check leaves no output.")
  String integrityCheck;

  @CommandLine.Option(
      names = "--replica-url",
      paramLabel = "URL",
      split = ",",
      description =
          "Replica of the database when REPLICA_URL_OR_DB is a database path. Repeat it (or give"
              + " a comma list) for several replicas: the one whose state for the target is newest"
              + " is restored.")
  List<String> replicaUrls = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return restore();
    } catch (IOException | IllegalArgumentException e) {
      // the one place restore errors become an exit code: the message names file, TXID and cause
      err.println("restore failed: " + e.getMessage());
      err.flush();
      return ExitCodes.FAILURE;
    }
  }

  private int restore() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> urls = replicaSources();
    Path dest = outputPath();
    IntegrityCheck check = integrityCheck();
    RestoreTarget restoreTarget = restoreTarget();
    if (ifDbNotExists && Files.exists(dest)) {
      err.println("database already exists, skipping restore: " + dest);
      err.flush();
      return ExitCodes.OK;
    }
    if (!dryRun && !force) {
      refuseOverwrite(dest);
    }
    List<ReplicaClient> clients = new ArrayList<>();
    try {
      for (String url : urls) {
        clients.add(ReplicaClients.open(url));
      }
      ReplicaClient client = clients.getFirst();
      if (clients.size() > 1) {
        client =
            clients.get(
                NewestReplica.choose(clients, restoreTarget)
                    .map(NewestReplica.Pick::index)
                    .orElse(0));
        err.println(
            "restoring from " + client.url() + ", the newest of " + clients.size() + " replicas");
        err.flush();
      }
      Restorer restorer = new Restorer(client);
      RestoreChoice choice;
      try {
        choice = restorer.plan(restoreTarget);
      } catch (TxNotAvailableException e) {
        if (ifReplicaExists) {
          err.println("no matching backup files available, skipping restore: " + client.url());
          err.flush();
          return ExitCodes.OK;
        }
        throw e;
      }
      if (dryRun) {
        printPlan(out, client, restoreTarget, choice);
        return ExitCodes.OK;
      }
      RestoreResult r =
          restorer.restore(choice, dest, check, RestoreProgressPrinter.forStderr(err));
      err.printf(
          "restored %s to %s%s: %d files, %.1f MB in %.2f s (%.1f MB/s)%n",
          client.url(),
          dest,
          r.txid() != 0 ? String.format(" at txid %016x", r.txid()) : "",
          r.files(),
          r.bytesRead() / 1e6,
          r.elapsed().toNanos() / 1e9,
          r.megabytesPerSecond());
      err.flush();
      return ExitCodes.OK;
    } finally {
      for (ReplicaClient c : clients) {
        c.close();
      }
    }
  }

  private List<String> replicaSources() {
    if (ReplicaUrl.isUrl(source) || Files.isDirectory(Path.of(source))) {
      return List.of(source);
    }
    List<String> urls = replicaUrls.stream().map(String::strip).filter(u -> !u.isEmpty()).toList();
    if (urls.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          source
              + " is neither a replica URL nor a replica directory; to restore a database path"
              + " give its replica with --replica-url or SQLITEREST_REPLICATION_REPLICA_URL");
    }
    return urls;
  }

  private Path outputPath() {
    if (output != null) {
      return output;
    }
    if (ReplicaUrl.isUrl(source) || Files.isDirectory(Path.of(source))) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "-o OUT is required when restoring from a replica URL or directory");
    }
    return Path.of(source);
  }

  private IntegrityCheck integrityCheck() {
    try {
      return IntegrityCheck.valueOf(integrityCheck.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--integrity-check must be none, quick or full, got " + integrityCheck);
    }
  }

  private RestoreTarget restoreTarget() {
    if (target == null) {
      return RestoreTarget.latest();
    }
    try {
      if (target.timestamp != null) {
        return new RestoreTarget.AtTime(LtxHeaderPeek.parseRfc3339(target.timestamp));
      }
      String t = target.txid.trim();
      long txid =
          t.length() == 16 || t.startsWith("0x")
              ? Long.parseUnsignedLong(t.replaceFirst("^0x", ""), 16)
              : Long.parseLong(t);
      return new RestoreTarget.AtTxid(txid);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Any existing output path, even an empty file or a dangling link, as the official tool. */
  private void refuseOverwrite(Path dest) {
    if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "output " + dest + " already exists (use --force to overwrite it)");
    }
    for (String suffix : List.of("-wal", "-shm", "-journal")) {
      Path side = dest.resolveSibling(dest.getFileName() + suffix);
      if (Files.exists(side, LinkOption.NOFOLLOW_LINKS)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), side + " exists (use --force to remove it and restore)");
      }
    }
  }

  private static void printPlan(
      PrintWriter out, ReplicaClient client, RestoreTarget t, RestoreChoice c) {
    switch (c) {
      case RestoreChoice.Ltx l -> {
        out.printf(
            "restore plan for %s (%s): %d files, %d bytes, to txid %016x%n",
            client.url(),
            t.describe(),
            l.plan().files().size(),
            l.plan().totalSize(),
            l.plan().txid());
        LtxFileTable.print(out, l.plan().files());
      }
      case RestoreChoice.Legacy l -> {
        var s = l.plan().snapshot();
        out.printf(
            "restore plan for %s (%s): legacy v0.3 generation %s, %d files, %d bytes%n",
            client.url(), t.describe(), s.generation(), l.plan().fileCount(), l.plan().totalSize());
        out.printf("snapshot     %s  %12d  %s%n", s.fileName(), s.size(), s.createdAt());
        for (LegacyWalSegmentInfo w : l.plan().segments()) {
          out.printf("wal segment  %s  %12d  %s%n", w.fileName(), w.size(), w.createdAt());
        }
      }
    }
    out.flush();
  }
}
