package dev.sqliterest.replication.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of the restore-before-serving table (docs/RESTORE.md), on a file replica and a real
 * local meta directory.
 */
final class StartupRestoreTest {

  @TempDir static Path shared;
  private static DatabaseStates states;

  @TempDir Path dir;
  private FileReplicaClient replica;
  private LtxReplicaWriter writer;
  private Path db;
  private Path meta;
  private InstantSource clock =
      InstantSource.fixed(Instant.ofEpochMilli(LtxReplicaWriter.timestamp(10) + 60_000));

  @BeforeAll
  static void buildStates() throws Exception {
    states = DatabaseStates.build(shared, 10, 0);
  }

  @BeforeEach
  void setUp() {
    replica = new FileReplicaClient(dir.resolve("replica"));
    writer = new LtxReplicaWriter(states, replica);
    db = dir.resolve("data/app.db");
    meta = LocalState.defaultMetaDir(db);
  }

  private StartupRestore startup(StartupRestoreOptions options) {
    return new StartupRestore(replica, new LocalState(db, meta), options, clock);
  }

  private StartupRestore startup() {
    return startup(StartupRestoreOptions.defaults());
  }

  /** A local database at {@code txid} whose meta dir holds L0 files {@code 1..txid}. */
  private void localAt(long txid) throws Exception {
    Files.createDirectories(db.getParent());
    Files.write(db, states.image(txid));
    Path l0 = meta.resolve("ltx/0");
    Files.createDirectories(l0);
    for (long t = 1; t <= txid; t++) {
      Files.write(l0.resolve(String.format("%016x-%016x.ltx", t, t)), writer.encode(t, t));
    }
  }

  @Test
  void noLocal_nonEmptyReplica_restoresThenAdoptsReplicaPosition() throws Exception {
    writer.range(9, 1, 6);
    writer.l0(1, 8);
    StartupDecision d = startup().run(RestoreProgress.NONE);
    assertThat(d).isInstanceOf(StartupDecision.Restore.class);
    assertThat(Files.readAllBytes(db)).isEqualTo(states.image(8));
    assertThat(new LocalState(db, meta).txid()).hasValue(8);
  }

  @Test
  void noLocal_emptyReplica_startNew() throws Exception {
    assertThat(startup().run(RestoreProgress.NONE)).isInstanceOf(StartupDecision.StartNew.class);
    assertThat(db).doesNotExist();
  }

  @Test
  void local_emptyReplica_servesLocal() throws Exception {
    localAt(3);
    assertThat(startup().decide()).isInstanceOf(StartupDecision.ServeLocal.class);
  }

  @Test
  void localAtReplica_noRestore_idempotentRestart() throws Exception {
    writer.l0(1, 5);
    localAt(5);
    byte[] before = Files.readAllBytes(db);
    StartupDecision d = startup().run(RestoreProgress.NONE);
    assertThat(d).isInstanceOf(StartupDecision.ServeLocal.class);
    assertThat(d.reason()).contains("txid 0000000000000005, replica at 0000000000000005");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
  }

  @Test
  void localAhead_noRestore() throws Exception {
    writer.l0(1, 4);
    localAt(6);
    assertThat(startup().decide()).isInstanceOf(StartupDecision.ServeLocal.class);
  }

  @Test
  void localBehind_lagZero_restores() throws Exception {
    writer.l0(1, 9);
    localAt(6);
    assertThat(startup().run(RestoreProgress.NONE)).isInstanceOf(StartupDecision.Restore.class);
    assertThat(Files.readAllBytes(db)).isEqualTo(states.image(9));
    assertThat(new LocalState(db, meta).txid()).hasValue(9);
  }

  @Test
  void localBehind_withinLag_servesLocal_beyondLag_restores() throws Exception {
    writer.l0(1, 9);
    localAt(6); // 3 s behind the replica's newest file
    var within =
        new StartupRestoreOptions(Duration.ZERO, Duration.ofSeconds(3), false, IntegrityCheck.FULL);
    assertThat(startup(within).decide()).isInstanceOf(StartupDecision.ServeLocal.class);
    var beyond =
        new StartupRestoreOptions(Duration.ZERO, Duration.ofSeconds(2), false, IntegrityCheck.FULL);
    assertThat(startup(beyond).decide()).isInstanceOf(StartupDecision.Restore.class);
  }

  @Test
  void differentLineage_refuses_unlessForced() throws Exception {
    writer.l0(1, 5);
    localAt(5);
    // the local L0 file 5 has other content than the replica's
    Files.write(meta.resolve("ltx/0/0000000000000005-0000000000000005.ltx"), writer.encode(4, 5));
    byte[] before = Files.readAllBytes(db);
    assertThatThrownBy(() -> startup().run(RestoreProgress.NONE))
        .isInstanceOf(RestoreException.class)
        .hasMessageContaining("unknown to the replica")
        .hasMessageContaining("--replication-restore-force");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    var force = new StartupRestoreOptions(Duration.ZERO, Duration.ZERO, true, IntegrityCheck.FULL);
    assertThat(startup(force).run(RestoreProgress.NONE))
        .isInstanceOf(StartupDecision.Restore.class);
    assertThat(Files.readAllBytes(db)).isEqualTo(states.image(5));
  }

  @Test
  void localWithoutReplicationState_refuses() throws Exception {
    writer.l0(1, 3);
    Files.createDirectories(db.getParent());
    Files.write(db, states.image(2));
    assertThat(startup().decide())
        .isInstanceOfSatisfying(
            StartupDecision.Refuse.class,
            r -> assertThat(r.reason()).contains("has no replication state"));
  }

  @Test
  void restoreInterval_snapshotTooOld_refusesNamingAge() throws Exception {
    writer.range(9, 1, 4);
    writer.l0(5, 6);
    // clock: 60 s after TXID 10's time; the snapshot was written at TXID 4's time → 66 s old
    var strict =
        new StartupRestoreOptions(
            Duration.ofSeconds(30), Duration.ZERO, false, IntegrityCheck.FULL);
    assertThat(startup(strict).decide())
        .isInstanceOfSatisfying(
            StartupDecision.Refuse.class,
            r -> assertThat(r.reason()).contains("newest snapshot").contains("PT1M6S old"));
    var loose =
        new StartupRestoreOptions(Duration.ofMinutes(2), Duration.ZERO, false, IntegrityCheck.FULL);
    assertThat(startup(loose).decide()).isInstanceOf(StartupDecision.Restore.class);
  }

  @Test
  void restoreInterruptedAfterInstall_nextStartRestoresAgain() throws Exception {
    writer.range(9, 1, 6);
    writer.l0(1, 8);
    StartupRestore interrupted =
        new StartupRestore(
            goneAfterInstall(), new LocalState(db, meta), StartupRestoreOptions.defaults(), clock);
    assertThatThrownBy(() -> interrupted.run(RestoreProgress.NONE)).isInstanceOf(IOException.class);
    assertThat(db).as("installed before the replica went away").exists();

    assertThat(startup().run(RestoreProgress.NONE)).isInstanceOf(StartupDecision.Restore.class);

    assertThat(Files.readAllBytes(db)).isEqualTo(states.image(8));
    assertThat(new LocalState(db, meta).txid()).hasValue(8);
    assertThat(startup().decide()).isInstanceOf(StartupDecision.ServeLocal.class);
  }

  /**
   * The replica, unreachable from the moment the restored file is installed: what a crash right
   * after the rename leaves (the next step lists level 0 from the restored TXID to adopt it).
   */
  private ReplicaClient goneAfterInstall() {
    return (ReplicaClient)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {ReplicaClient.class},
            (proxy, method, args) -> {
              if (method.getName().equals("ltxFiles") && (long) args[1] > 0) {
                throw new IOException("replica unreachable");
              }
              try {
                return method.invoke(replica, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void restoreFailure_abortsWithClearError_nothingHalfWritten() throws Exception {
    writer.l0(1, 7);
    localAt(3);
    byte[] before = Files.readAllBytes(db);
    Path victim = replica.ltxPath(0, 6, 6);
    byte[] b = Files.readAllBytes(victim);
    b[120] ^= 1;
    Files.write(victim, b);
    assertThatThrownBy(() -> startup().run(RestoreProgress.NONE))
        .isInstanceOf(RestoreException.class)
        .hasMessageContaining("0000000000000006-0000000000000006.ltx");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    assertThat(db.resolveSibling("app.db.tmp")).doesNotExist();
    assertThat(new LocalState(db, meta).txid()).hasValue(3);
  }
}
