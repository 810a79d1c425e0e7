package dev.sqliterest.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.ReplicationEvent.Operation;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.server.testing.Await;
import dev.sqliterest.server.testing.Replicated;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} replicating to a directory under HTTP load while the directory breaks: it becomes
 * immutable ({@code chattr +i}, which stops root too, unlike a permission bit), then is replaced by
 * a regular file. Through both the API answers every request with a 2xx; failed uploads are counted
 * in {@code sqlite_rest_replication_errors_total{operation="upload"}} and {@code /ready} answers
 * 503 naming {@code replication}; once the directory is back the replica catches up, and at the end
 * level 0 is one gapless TXID chain from 1 whose restore equals the primary.
 */
final class FileReplicaFaultsTest {

  private static final Duration STEP = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void unwritableThenReplacedByAFile_apiServes_errorsCounted_replicaConvergesWithoutGap()
      throws Exception {
    Path db = dir.resolve("app.db");
    Path replica = dir.resolve("replica");
    LoadedServer.Outcome outcome;
    try (LoadedServer server =
        LoadedServer.start(db, Replicated.fast(replica.toUri().toString()))) {
      server.awaitMoreWrites(20, STEP);

      immutable(replica, true);
      try {
        awaitFailingUploads(server, "immutable replica directory");
      } finally {
        immutable(replica, false);
      }
      server.awaitCaughtUp(STEP);

      Path aside = dir.resolve("replica.aside");
      Files.move(replica, aside);
      Files.writeString(replica, "not a directory", StandardCharsets.UTF_8);
      try {
        awaitFailingUploads(server, "replica directory replaced by a file");
      } finally {
        Files.delete(replica);
        Files.move(aside, replica);
      }
      server.awaitCaughtUp(STEP);

      outcome = server.drain(STEP);
      System.out.printf(
          "file replica faults: acknowledged writes %d, API statuses %s, replication errors %s%n",
          outcome.acknowledged(), server.statuses(), server.errors());
    }
    ReplicaAudit.assertWholeAndRestorable(
        new FileReplicaClient(replica), outcome, db, dir.resolve("restored.db"));
  }

  /** Uploads fail and are counted, /ready names replication, and the API still takes writes. */
  private static void awaitFailingUploads(LoadedServer server, String fault) {
    double before = server.errors(Operation.UPLOAD);
    Await.until(
        STEP,
        fault + ": a failed upload counted and /ready 503 naming replication",
        () -> server.errors(Operation.UPLOAD) > before && server.replicationPending());
    server.awaitMoreWrites(10, STEP);
    assertThat(server.replicationPending()).as(fault + ": /ready still 503").isTrue();
  }

  /** {@code chattr -R +i/-i}: no process may create, rename or delete entries, root included. */
  private static void immutable(Path path, boolean on) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("chattr", "-R", on ? "+i" : "-i", path.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    if (code != 0) {
      String why = "chattr " + (on ? "+i" : "-i") + " failed (" + code + "): " + out.strip();
      if (on && System.getenv("CI") == null) {
        Assumptions.abort(why + " (needs e2fsprogs, CAP_LINUX_IMMUTABLE and ext4/xfs)");
      }
      throw new AssertionError(why);
    }
  }
}
