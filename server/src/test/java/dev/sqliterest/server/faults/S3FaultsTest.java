package dev.sqliterest.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.ReplicationEvent.Operation;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.client.s3.S3Options;
import dev.sqliterest.replication.client.s3.S3ReplicaClient;
import dev.sqliterest.server.config.DurationText;
import dev.sqliterest.server.config.ReplicationConfig;
import dev.sqliterest.server.testing.Await;
import dev.sqliterest.server.testing.FaultProxy;
import dev.sqliterest.server.testing.FaultProxy.Fault;
import dev.sqliterest.server.testing.Replicated;
import dev.sqliterest.testing.InProcessS3;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} replicating to S3 through a {@link FaultProxy} in front of an in-process s3proxy,
 * under HTTP load: connection resets, 503 SlowDown, truncated answers, 2 s latency and a blackout.
 * Through all of them the API answers every request with a 2xx. Resets and SlowDown make uploads
 * fail: counted in {@code sqlite_rest_replication_errors_total{operation="upload"}}, with {@code
 * /ready} at 503 naming {@code replication} until an upload succeeds again (200 throughout with
 * {@code --replication-allow-degraded}). Cut answers are counted for the operation that read them.
 * Latency alone is no failure: nothing counted, {@code /ready} stays 200, the replica advances.
 * After each fault the replica catches up, and at the end level 0 is one gapless TXID chain from 1
 * whose restore equals the primary.
 *
 * <p>The blackout lasts {@code -Dsqliterest.faults.blackout} (default 10s; the long run, {@code
 * .ci/run --long-faults}, uses 60s). Open connections go silent during a blackout and new ones are
 * reset, so the S3 client notices only when its read timeout (30 s) expires: only a blackout of 45
 * s or more is asserted to be counted and to turn {@code /ready} to 503.
 */
final class S3FaultsTest {

  private static final Duration LATENCY = Duration.ofSeconds(2);
  private static final Duration STEP = Duration.ofSeconds(90);

  /** A blackout at least this long outlasts the S3 client's read timeout (30 s) and its retries. */
  private static final Duration DETECTABLE_BLACKOUT = Duration.ofSeconds(45);

  @TempDir Path dir;

  private InProcessS3 s3;
  private FaultProxy proxy;

  @BeforeEach
  void s3() throws Exception {
    s3 = InProcessS3.start("bkt");
    proxy = FaultProxy.start(s3.port(), LATENCY);
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    s3.close();
  }

  @Test
  void faults_apiServes_errorsCounted_readyFollows_replicaConvergesWithoutGap() throws Exception {
    Path db = dir.resolve("app.db");
    LoadedServer.Outcome outcome;
    try (LoadedServer server = LoadedServer.start(db, replication(false))) {
      server.awaitMoreWrites(20, STEP);
      for (Fault fault : List.of(Fault.RESET, Fault.SLOW_DOWN)) {
        double before = server.errors(Operation.UPLOAD);
        proxy.inject(fault);
        Await.until(
            STEP,
            fault + ": a failed upload counted and /ready 503 naming replication",
            () -> server.errors(Operation.UPLOAD) > before && server.replicationPending());
        server.awaitMoreWrites(10, STEP);
        proxy.inject(Fault.NONE);
        server.awaitCaughtUp(STEP);
        assertThat(proxy.injected(fault)).as(fault + " injected").isPositive();
      }

      // A cut answer to a PUT may still read as a success (the object did arrive whole); a cut
      // listing or object never does: it is counted for the operation that read it.
      double errorsBeforeCut = totalErrors(server);
      proxy.inject(Fault.TRUNCATE);
      Await.until(
          STEP,
          "TRUNCATE: failures counted",
          () -> proxy.injected(Fault.TRUNCATE) >= 5 && totalErrors(server) > errorsBeforeCut);
      proxy.inject(Fault.NONE);
      server.awaitCaughtUp(STEP);

      double beforeLatency = server.errors(Operation.UPLOAD);
      long replicaBefore = server.replicaTxid();
      boolean[] notReady = {false};
      proxy.inject(Fault.LATENCY);
      Await.until(
          STEP,
          "the replica advances through " + LATENCY.toSeconds() + " s of latency",
          () -> {
            notReady[0] |= !server.readyOk();
            return proxy.injected(Fault.LATENCY) >= 5 && server.replicaTxid() > replicaBefore + 2;
          });
      proxy.inject(Fault.NONE);
      assertThat(server.errors(Operation.UPLOAD))
          .as("upload errors from latency")
          .isEqualTo(beforeLatency);
      assertThat(notReady[0]).as("/ready went 503 under latency alone").isFalse();
      server.awaitCaughtUp(STEP);

      Duration blackout = blackout();
      double beforeBlackout = server.errors(Operation.UPLOAD);
      int ackBefore = server.acknowledged();
      boolean pendingSeen = false;
      proxy.inject(Fault.BLACKOUT);
      long end = System.nanoTime() + blackout.toNanos();
      while (System.nanoTime() < end) { // the blackout's length is the stimulus, not a wait
        pendingSeen |= server.replicationPending();
        Thread.sleep(250);
      }
      double countedInBlackout = server.errors(Operation.UPLOAD) - beforeBlackout;
      assertThat(server.acknowledged())
          .as("writes acknowledged during the blackout")
          .isGreaterThan(ackBefore);
      proxy.inject(Fault.NONE);
      // the engine backs off exponentially while failing: it may wait about as long again
      server.awaitCaughtUp(blackout.multipliedBy(2).plus(STEP));
      assertThat(proxy.injected(Fault.BLACKOUT)).as("connections cut by the blackout").isPositive();
      if (blackout.compareTo(DETECTABLE_BLACKOUT) >= 0) {
        assertThat(countedInBlackout).as("upload errors counted in the blackout").isPositive();
        assertThat(pendingSeen).as("/ready 503 naming replication in the blackout").isTrue();
      }

      outcome = server.drain(STEP);
      System.out.printf(
          "s3 faults: blackout %s, injected %s, acknowledged writes %d, API statuses %s,"
              + " replication errors %s%n",
          DurationText.format(blackout),
          injectedCounts(),
          outcome.acknowledged(),
          server.statuses(),
          server.errors());
    }
    try (S3ReplicaClient direct = directClient()) {
      ReplicaAudit.assertWholeAndRestorable(direct, outcome, db, dir.resolve("restored.db"));
    }
  }

  @Test
  void allowDegraded_readyStays200_whileUploadErrorsAreCounted() throws Exception {
    Path db = dir.resolve("app.db");
    LoadedServer.Outcome outcome;
    try (LoadedServer server = LoadedServer.start(db, replication(true))) {
      server.awaitMoreWrites(10, STEP);
      double before = server.errors(Operation.UPLOAD);
      boolean[] notReady = {false};
      proxy.inject(Fault.RESET);
      Await.until(
          STEP,
          "three failed uploads counted",
          () -> {
            notReady[0] |= !server.readyOk();
            return server.errors(Operation.UPLOAD) >= before + 3;
          });
      proxy.inject(Fault.NONE);
      outcome = server.drain(STEP);
      assertThat(notReady[0]).as("/ready went 503 with --replication-allow-degraded").isFalse();
    }
    try (S3ReplicaClient direct = directClient()) {
      ReplicaAudit.assertWholeAndRestorable(direct, outcome, db, dir.resolve("restored.db"));
    }
  }

  private static double totalErrors(LoadedServer server) {
    return server.errors().values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private ReplicationConfig replication(boolean allowDegraded) {
    return Replicated.fast(url(proxy.port())).withAllowDegraded(allowDegraded);
  }

  private static String url(int port) {
    return "s3://bkt/app?endpoint=http://127.0.0.1:"
        + port
        + "&region=us-east-1&force-path-style=true";
  }

  /** A client that talks to s3proxy directly, past the fault proxy. */
  private S3ReplicaClient directClient() {
    return new S3ReplicaClient(S3Options.fromUrl(ReplicaUrl.parse(url(s3.port())), s3.env()));
  }

  private String injectedCounts() {
    StringBuilder b = new StringBuilder("{");
    for (Fault f : Fault.values()) {
      if (f != Fault.NONE) {
        b.append(f).append('=').append(proxy.injected(f)).append(' ');
      }
    }
    return b.append('}').toString().replace(" }", "}");
  }

  static Duration blackout() {
    return DurationText.parse(
        "-Dsqliterest.faults.blackout", System.getProperty("sqliterest.faults.blackout", "10s"));
  }
}
