package dev.sqliterest.replication.restore.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.client.LegacyWalSegmentInfo;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.replication.restore.IntegrityCheck;
import dev.sqliterest.replication.restore.RestoreChoice;
import dev.sqliterest.replication.restore.RestoreException;
import dev.sqliterest.replication.restore.RestoreProgress;
import dev.sqliterest.replication.restore.RestoreTarget;
import dev.sqliterest.replication.restore.Restorer;
import dev.sqliterest.testing.OfficialTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas written by the official Litestream v0.3.13 ({@code litestream replicate}, generations,
 * LZ4 snapshots and WAL segments over several WAL indexes) restore through the legacy path to the
 * source's content, equal to what the official v0.3.13 restore produces.
 */
final class LitestreamV3RestoreInteropTest {

  @TempDir Path dir;

  private Path replicate(Path rep, int txns) throws Exception {
    Path src = dir.resolve("src.db");
    Path yml = dir.resolve("litestream-v3.yml");
    // small checkpoint threshold: the WAL restarts several times, giving several WAL indexes
    Files.writeString(
        yml,
        "dbs:\n  - path: "
            + src
            + "\n    checkpoint-interval: 1s\n"
            + "    min-checkpoint-page-count: 20\n    replicas:\n      - url: file://"
            + rep
            + "\n        sync-interval: 100ms\n");
    Path log = dir.resolve("litestream-v3.log");
    try (SourceDatabase db = new SourceDatabase(src)) {
      db.transaction(20, 300);
      Process p =
          OfficialTools.start(
              List.of(
                  OfficialTools.litestreamV3().toString(), "replicate", "-config", yml.toString()),
              Map.of(),
              log);
      try {
        for (int i = 0; i < txns; i++) {
          Thread.sleep(400);
          db.transaction(40, 500);
        }
        awaitReplicated(src, rep);
      } finally {
        OfficialTools.stop(p, log);
      }
    }
    return src;
  }

  /**
   * Waits (up to 60 s, for loaded CI machines) until the replica restores to the source's content:
   * v0.3 only ships what a sync saw, so stopping it too early would test its timing, not us.
   */
  private void awaitReplicated(Path src, Path rep) throws Exception {
    List<String> expected = userData(SourceDatabase.dump(src));
    Path probe = dir.resolve("probe.db");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try {
        new Restorer(new FileReplicaClient(rep))
            .restore(RestoreTarget.latest(), probe, IntegrityCheck.NONE, RestoreProgress.NONE);
        if (userData(SourceDatabase.dump(probe)).equals(expected)) {
          return;
        }
      } catch (RestoreException e) {
        // not complete yet (e.g. no snapshot so far): poll again
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "litestream v0.3.13 did not replicate the source within 60 s; log:\n"
                + Files.readString(dir.resolve("litestream-v3.log")));
      }
      Thread.sleep(300);
    }
  }

  /**
   * Litestream's own tables change at every checkpoint while it runs: ignore them while polling.
   */
  private static List<String> userData(List<String> dump) {
    return dump.stream().filter(line -> !line.contains("_litestream")).toList();
  }

  @Test
  void legacyReplica_restoresToSourceContent_likeOfficialV3() throws Exception {
    Path rep = dir.resolve("replica");
    Path src = replicate(rep, 8);
    FileReplicaClient client = new FileReplicaClient(rep);
    String gen = client.legacy().generations().getFirst();
    List<LegacyWalSegmentInfo> segments = client.legacy().walSegments(gen);
    assertThat(segments.stream().mapToLong(LegacyWalSegmentInfo::index).distinct().count())
        .as("several WAL indexes")
        .isGreaterThan(1);

    Restorer restorer = new Restorer(client);
    RestoreChoice choice = restorer.plan(RestoreTarget.latest());
    assertThat(choice).isInstanceOf(RestoreChoice.Legacy.class);
    Path ours = dir.resolve("ours.db");
    restorer.restore(choice, ours, IntegrityCheck.FULL, RestoreProgress.NONE);
    // user data equals the source; Litestream's own _litestream_* rows may have moved on after
    // its last sync (a checkpoint bumps them), so only the official restore is compared in full
    assertThat(userData(SourceDatabase.dump(ours))).isEqualTo(userData(SourceDatabase.dump(src)));
    assertThat(ours.resolveSibling("ours.db-wal")).doesNotExist();

    Path theirs = dir.resolve("official.db");
    OfficialTools.Result r =
        OfficialTools.run(
            List.of(
                OfficialTools.litestreamV3().toString(),
                "restore",
                "-o",
                theirs.toString(),
                "file://" + rep),
            Map.of());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(SourceDatabase.dump(ours)).isEqualTo(SourceDatabase.dump(theirs));
  }

  @Test
  void legacyReplica_missingWalSegment_failsNamingIt() throws Exception {
    Path rep = dir.resolve("replica");
    replicate(rep, 8);
    FileReplicaClient client = new FileReplicaClient(rep);
    String gen = client.legacy().generations().getFirst();
    List<LegacyWalSegmentInfo> segments = client.legacy().walSegments(gen);
    // a segment that a later one depends on: an index start, or one followed by more of its index
    // (a missing last segment of an index cannot be detected, by us or by Litestream)
    long snapIndex = client.legacy().snapshots(gen).getLast().index();
    LegacyWalSegmentInfo victim = null;
    for (int i = 0; i < segments.size() - 1 && victim == null; i++) {
      LegacyWalSegmentInfo s = segments.get(i);
      if (s.index() >= snapIndex && (s.offset() == 0 || segments.get(i + 1).index() == s.index())) {
        victim = s;
      }
    }
    assertThat(victim).as("segments %s", segments).isNotNull();
    Files.delete(rep.resolve("generations").resolve(gen).resolve("wal").resolve(victim.fileName()));
    Path out = dir.resolve("out.db");
    assertThatThrownBy(
            () ->
                new Restorer(client)
                    .restore(
                        RestoreTarget.latest(), out, IntegrityCheck.FULL, RestoreProgress.NONE))
        .isInstanceOf(RestoreException.class)
        .hasMessageContaining("missing v0.3 WAL");
    assertThat(out).doesNotExist();
  }
}
