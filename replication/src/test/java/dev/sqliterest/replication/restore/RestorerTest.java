package dev.sqliterest.replication.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RestorerTest {

  @TempDir static Path shared;
  private static DatabaseStates states;

  @TempDir Path dir;

  @BeforeAll
  static void buildStates() throws Exception {
    states = DatabaseStates.build(shared, 10, 9); // TXID 9 deletes most rows and VACUUMs
  }

  private FileReplicaClient replica() {
    return new FileReplicaClient(dir.resolve("replica"));
  }

  private Path out() {
    return dir.resolve("out/restored.db");
  }

  private RestoreResult restore(FileReplicaClient c, RestoreTarget target) throws IOException {
    return new Restorer(c).restore(target, out(), IntegrityCheck.FULL, RestoreProgress.NONE);
  }

  @Test
  void latest_snapshotPlusL0_byteIdentical() throws Exception {
    FileReplicaClient c = replica();
    LtxReplicaWriter w = new LtxReplicaWriter(states, c);
    w.range(9, 1, 5);
    w.l0(1, 10);
    List<long[]> progress = new ArrayList<>();
    RestoreResult r =
        new Restorer(c)
            .restore(
                RestoreTarget.latest(),
                out(),
                IntegrityCheck.FULL,
                (b, bt, f, ft) -> progress.add(new long[] {b, bt, f, ft}));
    assertThat(r.txid()).isEqualTo(10);
    assertThat(r.files()).isEqualTo(6);
    assertThat(Files.readAllBytes(out())).isEqualTo(states.image(10));
    assertThat(progress.getLast()).containsExactly(r.bytesRead(), r.bytesRead(), 6, 6);
    assertThat(r.bytesRead())
        .isEqualTo(
            c.ltxFiles(9, 0, false).get(0).size()
                + c.ltxFiles(0, 6, false).stream().mapToLong(f -> f.size()).sum());
    try (var files = Files.list(out().getParent())) {
      assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly("restored.db");
    }
  }

  @Test
  void filesItDidNotCreate_neverTouched_onSuccessOrFailure() throws Exception {
    FileReplicaClient c = replica();
    new LtxReplicaWriter(states, c).l0(1, 4);
    Files.createDirectories(out().getParent());
    List<String> others =
        List.of(
            "restored.db.tmp",
            "restored.db.tmp-wal",
            "restored.db.tmp-shm",
            "restored.db.restore-0000000000ab.tmp");
    for (String name : others) {
      Files.writeString(out().resolveSibling(name), "not yours: " + name);
    }

    restore(c, RestoreTarget.latest());
    Files.write(c.ltxPath(0, 4, 4), new byte[] {1, 2, 3}); // the next restore fails
    assertThatThrownBy(() -> restore(c, RestoreTarget.latest()))
        .isInstanceOf(RestoreException.class);

    assertThat(Files.readAllBytes(out())).isEqualTo(states.image(4));
    for (String name : others) {
      assertThat(out().resolveSibling(name)).hasContent("not yours: " + name);
    }
    try (var files = Files.list(out().getParent())) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.Stream.concat(
                      others.stream(), java.util.stream.Stream.of("restored.db"))
                  .toList());
    }
  }

  @Test
  void pointInTime_threeTargets_eachByteIdentical() throws Exception {
    FileReplicaClient c = replica();
    LtxReplicaWriter w = new LtxReplicaWriter(states, c);
    w.range(9, 1, 3);
    w.range(1, 4, 7);
    w.l0(1, 10);
    // txid inside the L0 chain
    assertThat(restore(c, new RestoreTarget.AtTxid(3)).txid()).isEqualTo(3);
    assertThat(Files.readAllBytes(out())).isEqualTo(states.image(3));
    // timestamp between TXIDs 5 and 6 (CreatedAt strictly before)
    Instant between = Instant.ofEpochMilli(LtxReplicaWriter.timestamp(5) + 500);
    assertThat(restore(c, new RestoreTarget.AtTime(between)).txid()).isEqualTo(5);
    assertThat(Files.readAllBytes(out())).isEqualTo(states.image(5));
    // latest, across L9 + L1 + L0 and a VACUUM that shrank the file at TXID 9
    assertThat(restore(c, RestoreTarget.latest()).txid()).isEqualTo(10);
    assertThat(Files.readAllBytes(out())).isEqualTo(states.image(10));
    assertThat(states.image(10).length).isLessThan(states.image(8).length);
  }

  @Test
  void mixedPageEncodings_restore() throws Exception {
    FileReplicaClient c = replica();
    new LtxReplicaWriter(states, c).options(LtxEncoder.Options.block()).range(9, 1, 4);
    new LtxReplicaWriter(states, c).l0(5, 7);
    new LtxReplicaWriter(states, c).options(LtxEncoder.Options.block()).l0(8, 10);
    restore(c, RestoreTarget.latest());
    assertThat(Files.readAllBytes(out())).isEqualTo(states.image(10));
  }

  @Test
  void replacesExistingOutput_andRemovesStaleWalAndShm() throws Exception {
    FileReplicaClient c = replica();
    new LtxReplicaWriter(states, c).l0(1, 4);
    Files.createDirectories(out().getParent());
    Files.write(out(), new byte[] {1, 2, 3});
    Files.write(out().resolveSibling("restored.db-wal"), new byte[] {9});
    Files.write(out().resolveSibling("restored.db-shm"), new byte[] {9});
    restore(c, RestoreTarget.latest());
    assertThat(Files.readAllBytes(out())).isEqualTo(states.image(4));
    assertThat(out().resolveSibling("restored.db-wal")).doesNotExist();
    assertThat(out().resolveSibling("restored.db-shm")).doesNotExist();
  }

  @Test
  void corruptedFile_clearError_noOutput() throws Exception {
    FileReplicaClient c = replica();
    new LtxReplicaWriter(states, c).l0(1, 6);
    Path victim = c.ltxPath(0, 4, 4);
    byte[] b = Files.readAllBytes(victim);
    b[b.length / 2] ^= 0x40;
    Files.write(victim, b);
    assertThatThrownBy(() -> restore(c, RestoreTarget.latest()))
        .isInstanceOf(RestoreException.class)
        .hasMessageContaining("0000000000000004-0000000000000004.ltx");
    assertThat(out()).doesNotExist();
    try (var s = Files.list(out().getParent())) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void truncatedFile_failsAndKeepsExistingOutput() throws Exception {
    FileReplicaClient c = replica();
    new LtxReplicaWriter(states, c).l0(1, 3);
    Path victim = c.ltxPath(0, 3, 3);
    byte[] b = Files.readAllBytes(victim);
    Files.write(victim, java.util.Arrays.copyOf(b, b.length - 30));
    Files.createDirectories(out().getParent());
    Files.write(out(), new byte[] {7});
    assertThatThrownBy(() -> restore(c, RestoreTarget.latest()))
        .isInstanceOf(RestoreException.class)
        .hasMessageContaining("0000000000000003-0000000000000003.ltx");
    assertThat(Files.readAllBytes(out())).containsExactly(7);
  }

  @Test
  void gap_latestFailsLoudly_noOutput() throws Exception {
    FileReplicaClient c = replica();
    LtxReplicaWriter w = new LtxReplicaWriter(states, c);
    w.l0(1, 4);
    w.l0(6, 8);
    assertThatThrownBy(() -> restore(c, RestoreTarget.latest()))
        .isInstanceOf(NonContiguousLtxFilesException.class)
        .hasMessageContaining(
            "have up to 0000000000000004 but next file starts at 0000000000000006");
    assertThat(out()).doesNotExist();
  }

  @Test
  void headerTxidsDifferFromName_fails() throws Exception {
    FileReplicaClient c = replica();
    LtxReplicaWriter w = new LtxReplicaWriter(states, c);
    w.l0(1, 2);
    // a file stored as 3-3 whose header says 4-4 (spec X4)
    Path dst = c.ltxPath(0, 3, 3);
    Files.createDirectories(dst.getParent());
    Files.write(dst, w.encode(4, 4));
    assertThatThrownBy(() -> restore(c, RestoreTarget.latest()))
        .isInstanceOf(RestoreException.class)
        .hasMessageContaining("header says txids");
    assertThat(out()).doesNotExist();
  }

  @Test
  void pageInNoPlannedFile_failsNamingIt() throws Exception {
    FileReplicaClient c = replica();
    LtxReplicaWriter w = new LtxReplicaWriter(states, c);
    w.l0(1, 2);
    int growth = DatabaseStates.pages(states.image(3));
    assertThat(growth).isGreaterThan(DatabaseStates.pages(states.image(2)));
    Path dst = c.ltxPath(0, 3, 3);
    Files.write(dst, w.encode(3, 3, growth)); // leaves out the last growth page
    assertThatThrownBy(() -> restore(c, RestoreTarget.latest()))
        .isInstanceOf(RestoreException.class)
        .hasMessageContaining(
            "page " + growth + " of " + growth + " is in none of the planned files");
    assertThat(out()).doesNotExist();
  }

  @Test
  void emptyReplica_txNotAvailable() {
    assertThatThrownBy(() -> restore(replica(), RestoreTarget.latest()))
        .isInstanceOf(TxNotAvailableException.class);
    assertThat(out()).doesNotExist();
  }
}
