package dev.sqliterest.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.replication.restore.IntegrityCheck;
import dev.sqliterest.replication.restore.RestoreProgress;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.replication.restore.Restorer;
import dev.sqliterest.server.reliability.LogTable.Rows;
import dev.sqliterest.server.reliability.WriteLoad.Ack;
import dev.sqliterest.server.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the replicating server process, cycle after cycle, under concurrent HTTP
 * writes: at a random moment, and aimed at a snapshot, a compaction, a checkpoint and a restore
 * before serving (each cycle aims at the next of these; the kill follows the step's first file
 * write by about a millisecond). After each kill the replica is restored and the server restarted,
 * and both are audited against what the clients were told:
 *
 * <ul>
 *   <li>the restored replica passes {@code integrity_check} and is a prefix of the history: exactly
 *       the local rows up to some id (commit order), no holes, no torn request, no phantom;
 *   <li>only writes acknowledged within {@link #WINDOW} before the kill may be missing from it;
 *   <li>the local database after the restart has every acknowledged write and passes {@code
 *       integrity_check} (after a lost machine, it is exactly the restored replica).
 * </ul>
 *
 * <p>The same cycles run again with {@code --replication-ack=replicated}, where no answered write
 * may be missing from the replica at all.
 *
 * <p>{@code ./mvnw verify} runs {@value #DEFAULT_CYCLES} cycles of each; {@code -Dcrash.cycles=200}
 * a long run (same command otherwise). The figures are printed at the end ({@code crash suite:
 * ...}).
 */
final class CrashIT {

  private static final int DEFAULT_CYCLES = 5;
  private static final int CYCLES = Integer.getInteger("crash.cycles", DEFAULT_CYCLES);

  /**
   * What async replication may lose at a crash: writes acknowledged within the sync interval (1 s,
   * the default) plus the time one sync-and-upload round may take when it waits for a snapshot or
   * checkpoint holding the replicator on a loaded machine (docs/RELIABILITY.md).
   */
  static final Duration WINDOW = Duration.ofSeconds(3);

  /** Padding per written row: small enough that 200 cycles stay near 100 MB. */
  private static final int PAD_CHARS = 500;

  /** How long to wait for an aimed-at step before killing anyway. */
  private static final Duration AIM_TIMEOUT = Duration.ofSeconds(30);

  private enum Target {
    MOMENT,
    SNAPSHOT,
    COMPACTION,
    CHECKPOINT,
    RESTORE
  }

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure leaves the logs and files to inspect
  Path dir;

  /** {@code --replication-ack=replicated}: an answered write must be on the replica, no window. */
  private boolean replicatedAcks;

  private Path db;
  private Path replica;
  private Path meta;
  private int starts;
  private int nextClient = 1;
  private final List<WriteLoad> loads = new ArrayList<>();
  private final List<Ack> mustHave = new ArrayList<>();

  // figures
  private final Map<Target, int[]> kills = new EnumMap<>(Target.class); // aimed, step seen running
  private int ackedRequests;
  private int ackedRows;
  private int lostWithinWindow;
  private long oldestLostMs;

  @Test
  void killNine_replicaIsAPrefixWithinTheWindow_localKeepsEveryAcknowledgedWrite()
      throws Exception {
    runCycles();
    System.out.printf(
        "crash suite: %d cycles, kills %s (aimed=[aimed, step seen running]), %d writes"
            + " acknowledged (%d rows), %d missing from the replica within the %d s window"
            + " (oldest %d ms before the kill), 0 outside it, 0 integrity failures%n",
        CYCLES,
        killFigures(),
        ackedRequests,
        ackedRows,
        lostWithinWindow,
        WINDOW.toSeconds(),
        oldestLostMs);
  }

  /**
   * The same cycles with {@code --replication-ack=replicated}: no window, the replica restored
   * after each kill has every write that was answered, however shortly before the kill.
   */
  @Test
  void killNine_replicatedAcks_theReplicaHasEveryAcknowledgedWrite() throws Exception {
    replicatedAcks = true;
    runCycles();
    assertThat(lostWithinWindow).isZero();
    System.out.printf(
        "crash suite (--replication-ack=replicated): %d cycles, kills %s, %d writes acknowledged"
            + " (%d rows), 0 missing from the replica, 0 integrity failures%n",
        CYCLES, killFigures(), ackedRequests, ackedRows);
  }

  private void runCycles() throws Exception {
    db = dir.resolve("app.db");
    replica = dir.resolve("replica");
    meta = dir.resolve(".app.db-litestream");
    LogTable.create(db);
    prefill(4000, 2000);
    ServerProcess server = start().awaitListening();
    try {
      for (int cycle = 1; cycle <= CYCLES; cycle++) {
        Target target = Target.values()[(cycle - 1) % Target.values().length];
        server = cycle(server, target);
      }
      server.terminate();
      assertThat(server.awaitExit(Duration.ofSeconds(90))).as(server.log()).isZero();
    } finally {
      server.close();
    }
    Rows restored = restoreReplica("final.db");
    assertThat(restored).as("replica after the last, graceful stop").isEqualTo(LogTable.read(db));
    assertThat(LogTable.missing(restored, mustHave)).isEmpty();
  }

  private List<String> killFigures() {
    return kills.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()[0] + "/" + e.getValue()[1])
        .toList();
  }

  /** The control: without replication a crash loses no acknowledged write either. */
  @Test
  void killNine_notReplicating_localKeepsEveryAcknowledgedWrite() throws Exception {
    db = dir.resolve("plain.db");
    LogTable.create(db);
    for (int cycle = 1; cycle <= 3; cycle++) {
      try (ServerProcess server =
          ServerProcess.serve(
                  dir.resolve("plain-" + cycle + ".log"), Map.of(), LogTable.serveFlags(db))
              .awaitListening()) {
        WriteLoad load = WriteLoad.start(server.api(), nextClient, 4, 1500);
        nextClient += 4;
        loads.add(load);
        load.awaitAckedRows(50 + ThreadLocalRandom.current().nextInt(500), Duration.ofSeconds(60));
        server.kill();
        load.awaitStopped(Duration.ofSeconds(60));
        mustHave.addAll(load.acks());
      }
      Rows local = LogTable.read(db);
      assertThat(LogTable.sqlite3(db, "PRAGMA integrity_check;").strip()).isEqualTo("ok");
      assertThat(LogTable.missing(local, mustHave)).as("acknowledged, not local").isEmpty();
      for (WriteLoad l : loads) {
        assertThat(LogTable.defects(local, l)).isEmpty();
      }
    }
  }

  /** One cycle on a running server; returns the server running after it. */
  private ServerProcess cycle(ServerProcess server, Target target) throws Exception {
    WriteLoad load = WriteLoad.start(server.api(), nextClient, 4, PAD_CHARS);
    nextClient += 4;
    loads.add(load);
    load.awaitAckedRows(20 + ThreadLocalRandom.current().nextInt(200), Duration.ofSeconds(60));
    boolean seen =
        switch (target) {
          case SNAPSHOT -> awaitStep(() -> scratchExists("snapshot"));
          case COMPACTION -> awaitStep(() -> scratchExists("compact-"));
          case CHECKPOINT -> awaitStep(databaseFileWritten());
          case MOMENT, RESTORE -> {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1500)); // a random moment
            yield true;
          }
        };
    long killedAt = System.nanoTime();
    server.kill();
    boolean running =
        switch (target) {
          case SNAPSHOT -> scratchExists("snapshot");
          case COMPACTION -> scratchExists("compact-");
          case CHECKPOINT, MOMENT, RESTORE -> seen;
        };
    count(target == Target.RESTORE ? Target.MOMENT : target, running);
    load.awaitStopped(Duration.ofSeconds(60));
    ackedRequests += load.acks().size();
    ackedRows += load.ackedRows();

    Rows restored = restoreReplica("cycle-" + loads.size() + ".db");
    auditReplica(restored, load, killedAt);

    ServerProcess next;
    if (target == Target.RESTORE) {
      next = loseMachineAndRestore(restored);
    } else {
      next = start().awaitListening();
      mustHave.addAll(load.acks());
    }
    Rows local = LogTable.readWithCli(db);
    assertThat(LogTable.sqlite3(db, "PRAGMA integrity_check;").strip())
        .as("local integrity after the restart")
        .isEqualTo("ok");
    assertThat(LogTable.missing(local, mustHave)).as("acknowledged, not local").isEmpty();
    for (WriteLoad l : loads) {
      assertThat(LogTable.defects(local, l)).as("local rows").isEmpty();
    }
    assertThat(restored.list())
        .as("the replica is the local history up to id %d", restored.maxId())
        .isEqualTo(local.upTo(restored.maxId()).list());
    return next;
  }

  /**
   * The replica after a kill: every load's rows a clean prefix, every write acknowledged before the
   * window present.
   */
  private void auditReplica(Rows restored, WriteLoad load, long killedAt) {
    for (WriteLoad l : loads) {
      assertThat(LogTable.defects(restored, l)).as("replica rows").isEmpty();
    }
    assertThat(LogTable.missing(restored, mustHave))
        .as("acknowledged before the previous restart, not in the replica")
        .isEmpty();
    List<String> outside = new ArrayList<>();
    for (Ack a : LogTable.missing(restored, load.acks())) {
      long ageMs = (killedAt - a.atNanos()) / 1_000_000;
      if (replicatedAcks || ageMs > WINDOW.toMillis()) {
        outside.add(a + " acknowledged " + ageMs + " ms before the kill");
      } else {
        lostWithinWindow++;
        oldestLostMs = Math.max(oldestLostMs, ageMs);
      }
    }
    assertThat(outside).as("missing from the replica, outside the window").isEmpty();
  }

  /**
   * The machine is lost (database, WAL and meta directory gone); the server restores before
   * serving, is killed during that restore, and is started again: it must restore and serve exactly
   * the replica.
   */
  private ServerProcess loseMachineAndRestore(Rows restored) throws Exception {
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(Path.of(db + suffix));
    }
    deleteTree(meta);
    Path tmp = Path.of(db + ".tmp");
    try (ServerProcess restoring = start()) {
      boolean seen = awaitStep(() -> Files.exists(tmp) || restoring.hasLogged("listening"));
      restoring.kill();
      count(Target.RESTORE, seen && Files.exists(tmp));
    }
    ServerProcess next = start().awaitListening();
    assertThat(LogTable.readWithCli(db)).as("restored before serving").isEqualTo(restored);
    // writes the replica did not have are gone with the machine (checked against the window)
    mustHave.addAll(loads.getLast().acks());
    mustHave.removeAll(LogTable.missing(restored, mustHave));
    return next;
  }

  private void count(Target target, boolean running) {
    int[] n = kills.computeIfAbsent(target, t -> new int[2]);
    n[0]++;
    if (running) {
      n[1]++;
    }
  }

  private ServerProcess start() throws IOException {
    return ServerProcess.serve(
        dir.resolve("serve-" + starts++ + ".log"),
        Map.of("SQLITEREST_REPLICATION_ACK", replicatedAcks ? "replicated" : "async"),
        LogTable.serveFlags(
            db,
            "--replication-enabled",
            "--replication-replica-url",
            Replication.fileUrl(replica),
            "--replication-snapshot-interval",
            "3s",
            "--replication-retention",
            "30s",
            "--replication-compaction-intervals",
            "2s,10s"));
  }

  /** Polls every millisecond until {@code step} holds; false after the timeout. */
  private static boolean awaitStep(BooleanSupplier step) throws InterruptedException {
    long deadline = System.nanoTime() + AIM_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (step.getAsBoolean()) {
        return true;
      }
      Thread.sleep(1);
    }
    return false;
  }

  /** A scratch file of the replicator ({@code <name>*.tmp}) exists: that step is running. */
  private boolean scratchExists(String prefix) {
    try (Stream<Path> files = Files.list(meta)) {
      return files.anyMatch(
          p ->
              p.getFileName().toString().startsWith(prefix)
                  && p.getFileName().toString().endsWith(".tmp"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * True once the database file changes: in WAL mode only a checkpoint writes it, so this is a
   * checkpoint's first page write.
   */
  private BooleanSupplier databaseFileWritten() throws IOException {
    FileTime before = Files.getLastModifiedTime(db);
    return () -> {
      try {
        return !Files.getLastModifiedTime(db).equals(before);
      } catch (IOException e) {
        return false;
      }
    };
  }

  /**
   * Restores the replica as it is now into a new file (full integrity check) and reads it; the file
   * is deleted afterwards (a long run would fill the disk).
   */
  private Rows restoreReplica(String name) throws Exception {
    Path out = dir.resolve(name);
    try (FileReplicaClient client = new FileReplicaClient(replica)) {
      new Restorer(client)
          .restore(RestoreTarget.latest(), out, IntegrityCheck.FULL, RestoreProgress.NONE);
    }
    Rows rows = LogTable.read(out);
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(Path.of(out + suffix));
    }
    return rows;
  }

  /** Rows of client 0, so that snapshots and restores take a while. */
  private void prefill(int rows, int padBytes) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO log(client, seq, pad) VALUES (0, ?, hex(randomblob(?)))")) {
      c.setAutoCommit(false);
      for (int i = 1; i <= rows; i++) {
        insert.setInt(1, i);
        insert.setInt(2, padBytes / 2);
        insert.executeUpdate();
      }
      c.commit();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
      for (Path p : children) {
        if (Files.isDirectory(p)) {
          deleteTree(p);
        } else {
          Files.delete(p);
        }
      }
    }
    Files.delete(root);
  }
}
