package dev.sqliterest.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.server.reliability.LogTable.Rows;
import dev.sqliterest.server.testing.ServerProcess;
import dev.sqliterest.testing.InProcessS3;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, a real signal to the server process, in the middle of concurrent HTTP writes: the
 * process exits with 0, and every write that was answered 2xx is in the replica, checked by
 * restoring it with {@code sqlite-rest restore} (another process) — for a file replica and for S3
 * (s3proxy in this JVM).
 */
final class GracefulStopIT {

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure leaves the logs and files to inspect
  Path dir;

  @Test
  void fileReplica_sigtermUnderLoad_exit0_everyAcknowledgedWriteRestores() throws Exception {
    sigtermUnderLoad(Replication.fileUrl(dir.resolve("replica")), Map.of());
  }

  @Test
  void s3Replica_sigtermUnderLoad_exit0_everyAcknowledgedWriteRestores() throws Exception {
    try (InProcessS3 s3 = InProcessS3.start()) {
      s3.createBucket("bkt");
      sigtermUnderLoad(s3.url("bkt", "app"), s3.env());
    }
  }

  private void sigtermUnderLoad(String url, Map<String, String> env) throws Exception {
    Path db = dir.resolve("app.db");
    LogTable.create(db);
    WriteLoad load;
    try (ServerProcess server =
        ServerProcess.serve(
                dir.resolve("serve.log"),
                env,
                LogTable.serveFlags(db, "--replication-enabled", "--replication-replica-url", url))
            .awaitListening()) {
      load = WriteLoad.start(server.api(), 1, 6, 500);
      load.awaitAckedRows(300 + ThreadLocalRandom.current().nextInt(300), Duration.ofSeconds(60));

      server.terminate();

      int exit = server.awaitExit(Duration.ofSeconds(90));
      load.awaitStopped(Duration.ofSeconds(60));
      assertThat(exit).as(server.log()).isZero();
      assertThat(server.log()).contains("replica has every committed change");
    }
    // requests arriving on open connections after the stop began are refused with 503
    assertThat(load.serverErrors())
        .as("5xx answers")
        .allMatch(e -> e.contains(" -> 503 {\"code\":\"HTTP503\""));
    Path restored = dir.resolve("restored.db");
    ServerProcess.Result restore =
        ServerProcess.run(
            dir.resolve("restore.log"), env, "restore", "-o", restored.toString(), url);
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    Rows rows = LogTable.read(restored);
    assertThat(LogTable.missing(rows, load.acks()))
        .as("acknowledged, not in the replica (%s)", load.summary())
        .isEmpty();
    assertThat(LogTable.defects(rows, load)).isEmpty();
    assertThat(rows).as("replica equals the primary").isEqualTo(LogTable.read(db));
  }
}
