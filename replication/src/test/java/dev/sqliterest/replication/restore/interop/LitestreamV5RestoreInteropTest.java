package dev.sqliterest.replication.restore.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.replication.client.s3.S3Options;
import dev.sqliterest.replication.client.s3.S3ReplicaClient;
import dev.sqliterest.replication.restore.IntegrityCheck;
import dev.sqliterest.replication.restore.RestoreException;
import dev.sqliterest.replication.restore.RestoreProgress;
import dev.sqliterest.replication.restore.RestoreResult;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.replication.restore.Restorer;
import dev.sqliterest.testing.InProcessS3;
import dev.sqliterest.testing.OfficialTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas written by the official Litestream v0.5.17 ({@code litestream replicate}, L0 + L1
 * compactions + L9 snapshots) restore with ours to the source's content, byte-identical to what the
 * official {@code litestream restore} produces — latest and at three TXIDs — from {@code file://}
 * and from {@code s3://} (in-process s3proxy, path style). A corrupted official file gives a clear
 * error and no output.
 */
final class LitestreamV5RestoreInteropTest {

  @TempDir Path dir;

  private static final String TIMING =
      """
      levels:
        - interval: 1s
      snapshot:
        interval: 2s
        retention: 1h
      """;

  /** Runs the official replicator on a fresh source DB for {@code txns} transactions. */
  private Path replicate(String replicaYaml, Map<String, String> env, int txns) throws Exception {
    Path src = dir.resolve("src.db");
    Path yml = dir.resolve("litestream.yml");
    Files.writeString(
        yml,
        TIMING
            + "dbs:\n  - path: "
            + src
            + "\n    monitor-interval: 100ms\n"
            + "    replica:\n"
            + replicaYaml.indent(6)
            + "      sync-interval: 100ms\n");
    Path log = dir.resolve("litestream.log");
    try (SourceDatabase db = new SourceDatabase(src)) {
      db.transaction(20, 300);
      Process p =
          OfficialTools.start(
              List.of(
                  OfficialTools.litestream().toString(), "replicate", "-config", yml.toString()),
              env,
              log);
      try {
        for (int i = 0; i < txns; i++) {
          Thread.sleep(350);
          db.transaction(30 + i * 5, 400);
        }
        Thread.sleep(1500);
      } finally {
        OfficialTools.stop(p, log);
      }
    }
    return src;
  }

  private RestoreResult ours(ReplicaClient client, RestoreTarget target, Path out)
      throws Exception {
    return new Restorer(client).restore(target, out, IntegrityCheck.FULL, RestoreProgress.NONE);
  }

  private Path official(String url, Map<String, String> env, String txid) throws Exception {
    return official(url, env, txid == null ? List.of() : List.of("-txid", txid));
  }

  private Path official(String url, Map<String, String> env, List<String> target) throws Exception {
    Path out = dir.resolve("official-" + String.join("-", target).replace(':', '_') + ".db");
    List<String> cmd =
        new ArrayList<>(
            List.of(OfficialTools.litestream().toString(), "restore", "-o", out.toString()));
    cmd.addAll(target);
    cmd.add(url);
    OfficialTools.Result r = OfficialTools.run(cmd, env);
    assertThat(r.exitCode()).as(r.output()).isZero();
    return out;
  }

  private static List<String> userData(List<String> dump) {
    return dump.stream().filter(line -> !line.contains("_litestream")).toList();
  }

  private void assertRestoresLikeOfficial(
      ReplicaClient client, String url, Map<String, String> env, Path src) throws Exception {
    Path latest = dir.resolve("ours-latest.db");
    RestoreResult r = ours(client, RestoreTarget.latest(), latest);
    // user data equals the source (Litestream's _litestream_* rows may move after its last sync);
    // the whole file equals the official restore byte for byte
    assertThat(userData(SourceDatabase.dump(latest))).isEqualTo(userData(SourceDatabase.dump(src)));
    assertThat(Files.readAllBytes(latest))
        .isEqualTo(Files.readAllBytes(official(url, env, List.of())));
    // point in time: three TXIDs spread over the history (first, middle, one before the last)
    long last = r.txid();
    assertThat(last).isGreaterThanOrEqualTo(6);
    for (long txid : new long[] {2, last / 2, last - 1}) {
      Path out = dir.resolve("ours-" + txid + ".db");
      assertThat(ours(client, new RestoreTarget.AtTxid(txid), out).txid()).isEqualTo(txid);
      Path theirs = official(url, env, String.format("%016x", txid));
      assertThat(Files.readAllBytes(out)).as("txid %d", txid).isEqualTo(Files.readAllBytes(theirs));
      assertThat(SourceDatabase.integrityCheck(out)).isEqualTo("ok");
    }
    // point in time by timestamp: 1 ms after a middle L0 file's CreatedAt (strictly-before rule)
    LtxFileInfo middle = client.ltxFiles(0, last / 2, true).getFirst();
    java.time.Instant tau = middle.createdAt().plusMillis(1);
    Path byTime = dir.resolve("ours-time.db");
    long txidAtTau = ours(client, new RestoreTarget.AtTime(tau), byTime).txid();
    assertThat(txidAtTau).isGreaterThanOrEqualTo(middle.maxTxid()).isLessThan(last);
    Path theirs = official(url, env, List.of("-timestamp", tau.toString()));
    assertThat(Files.readAllBytes(byTime))
        .as("timestamp %s", tau)
        .isEqualTo(Files.readAllBytes(theirs));
  }

  @Test
  void fileReplica_restoresLikeOfficial_latestAndThreeTxids() throws Exception {
    Path rep = dir.resolve("replica");
    Path src = replicate("url: file://" + rep + "\n", Map.of(), 8);
    FileReplicaClient client = new FileReplicaClient(rep);
    assertThat(client.ltxFiles(1, 0, false)).as("official L1 compactions").isNotEmpty();
    assertThat(client.ltxFiles(9, 0, false)).as("official L9 snapshots").isNotEmpty();
    assertRestoresLikeOfficial(client, "file://" + rep, Map.of(), src);
  }

  @Test
  void fileReplica_corruptedOfficialFile_clearErrorNoOutput() throws Exception {
    Path rep = dir.resolve("replica");
    replicate("url: file://" + rep + "\n", Map.of(), 3);
    FileReplicaClient client = new FileReplicaClient(rep);
    var plan = new Restorer(client).plan(RestoreTarget.latest());
    LtxFileInfo newest =
        ((dev.sqliterest.replication.restore.RestoreChoice.Ltx) plan).plan().files().getLast();
    Path victim = client.ltxPath(newest.level(), newest.minTxid(), newest.maxTxid());
    byte[] b = Files.readAllBytes(victim);
    b[b.length - 40] ^= 0x01;
    Files.write(victim, b);
    Path out = dir.resolve("out/restored.db");
    assertThatThrownBy(() -> ours(client, RestoreTarget.latest(), out))
        .isInstanceOf(RestoreException.class)
        .hasMessageContaining(newest.name().fileName());
    assertThat(out).doesNotExist();
    assertThat(out.resolveSibling("restored.db.tmp")).doesNotExist();
  }

  @Test
  void s3Replica_viaS3proxy_restoresLikeOfficial() throws Exception {
    try (InProcessS3 s3 = InProcessS3.start()) {
      s3.createBucket("bkt");
      Map<String, String> env =
          Map.of(
              "AWS_ACCESS_KEY_ID",
              InProcessS3.ACCESS_KEY,
              "AWS_SECRET_ACCESS_KEY",
              InProcessS3.SECRET_KEY);
      String yaml =
          "type: s3\nbucket: bkt\npath: db\nendpoint: "
              + s3.endpoint()
              + "\nregion: us-east-1\nforce-path-style: true\n";
      Path src = replicate(yaml, env, 7);
      String url = s3.url("bkt", "db");
      try (S3ReplicaClient client =
          new S3ReplicaClient(S3Options.fromUrl(ReplicaUrl.parse(url), s3.env()))) {
        assertThat(client.ltxFiles(0, 0, false))
            .as(Files.readString(dir.resolve("litestream.log")))
            .isNotEmpty();
        String officialUrl =
            "s3://bkt/db?endpoint=" + s3.endpoint() + "&region=us-east-1&forcePathStyle=true";
        assertRestoresLikeOfficial(client, officialUrl, env, src);
      }
    }
  }
}
