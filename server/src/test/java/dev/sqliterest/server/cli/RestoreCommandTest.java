package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class RestoreCommandTest {

  @TempDir Path dir;
  private Path replicaDir;
  private byte[] state1;
  private byte[] state2;

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new RestoreCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** A replica with TXID 1 (table + 1 row) and TXID 2 (+ 200 rows), each a full page image. */
  @BeforeEach
  void seedReplica() throws Exception {
    Path db = dir.resolve("src.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=DELETE");
      s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
      s.execute("INSERT INTO t(v) VALUES ('one')");
      state1 = Files.readAllBytes(db);
      s.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT"
              + " INTO t(v) SELECT hex(randomblob(100)) FROM n");
      state2 = Files.readAllBytes(db);
    }
    replicaDir = dir.resolve("replica");
    FileReplicaClient client = new FileReplicaClient(replicaDir);
    client.writeLtxFile(0, 1, 1, new ByteArrayInputStream(ltx(state1, 1, 1_700_000_001_000L)));
    client.writeLtxFile(0, 2, 2, new ByteArrayInputStream(ltx(state2, 2, 1_700_000_002_000L)));
  }

  private static byte[] ltx(byte[] image, long txid, long ts) throws Exception {
    int ps = 4096;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LtxEncoder e =
        LtxEncoder.create(
            out, LtxHeader.of(ps, image.length / ps, txid, txid, ts).withWal(32, 0, 0, 0));
    for (int p = 1; p <= image.length / ps; p++) {
      e.encodePage(p, image, (p - 1) * ps);
    }
    e.finish();
    return out.toByteArray();
  }

  private String url() {
    return "file://" + replicaDir;
  }

  @Test
  void restore_latest_toOutput() throws Exception {
    Path out = dir.resolve("out.db");
    Run r = run("-o", out.toString(), url());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(state2);
    assertThat(r.err()).contains("at txid 0000000000000002").contains("2 files").contains("MB/s");
  }

  @Test
  void restore_txidAndTimestamp() throws Exception {
    Path out = dir.resolve("out.db");
    assertThat(run("-o", out.toString(), "--txid", "0000000000000001", url()).exit()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(state1);
    Path out2 = dir.resolve("out2.db");
    assertThat(
            run(
                    "-o",
                    out2.toString(),
                    "--timestamp",
                    "2023-11-14T22:13:21.500Z",
                    replicaDir.toString())
                .exit())
        .isZero();
    assertThat(Files.readAllBytes(out2)).isEqualTo(state1);
    assertThat(
            run(
                    "-o",
                    dir.resolve("x.db").toString(),
                    "--txid",
                    "1",
                    "--timestamp",
                    "2023-11-14T22:13:21Z",
                    url())
                .exit())
        .isEqualTo(2);
  }

  @Test
  void dryRun_printsPlan_writesNothing() {
    Path out = dir.resolve("out.db");
    Run r = run("--dry-run", "-o", out.toString(), url());
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("2 files")
        .contains("to txid 0000000000000002")
        .contains("0      0000000000000001  0000000000000001")
        .contains("0      0000000000000002  0000000000000002");
    assertThat(out).doesNotExist();
  }

  @Test
  void usageErrors() {
    assertThat(run(url()).err()).contains("-o OUT is required");
    assertThat(run(url()).exit()).isEqualTo(2);
    assertThat(run("-o", "x.db", "--integrity-check", "maybe", url()).exit()).isEqualTo(2);
    Run r = run(dir.resolve("no-such.db").toString(), "--replica-url", "");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--replica-url");
  }

  @Test
  void existingOutput_refusedWithoutForce_ifDbNotExistsSkips() throws Exception {
    Path out = dir.resolve("out.db");
    Files.write(out, new byte[] {1});
    Run refused = run("-o", out.toString(), url());
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("already exists");
    Run skipped = run("--if-db-not-exists", "-o", out.toString(), url());
    assertThat(skipped.exit()).isZero();
    assertThat(Files.readAllBytes(out)).containsExactly(1);
    assertThat(run("--force", "-o", out.toString(), url()).exit()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(state2);
  }

  @Test
  void existingEmptyFileOrDanglingLink_refusedWithoutForce_andLeftAlone() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.db"));
    Path link = Files.createSymbolicLink(dir.resolve("link.db"), dir.resolve("nowhere.db"));

    Run onEmpty = run("-o", empty.toString(), url());
    Run onLink = run("-o", link.toString(), url());

    assertThat(onEmpty.exit()).isEqualTo(2);
    assertThat(onEmpty.err()).contains("already exists", "--force");
    assertThat(empty).isEmptyFile();
    assertThat(onLink.exit()).isEqualTo(2);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(dir.resolve("nowhere.db")).doesNotExist();
  }

  @Test
  void emptyReplica_failsUnlessIfReplicaExists() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path out = dir.resolve("out.db");
    Run failed = run("-o", out.toString(), "file://" + empty);
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.err()).contains("no matching backup files available");
    assertThat(run("--if-replica-exists", "-o", out.toString(), "file://" + empty).exit()).isZero();
    assertThat(out).doesNotExist();
  }

  @Test
  void corruptReplica_exit1_noOutput() throws Exception {
    Path f = replicaDir.resolve("ltx/0/0000000000000002-0000000000000002.ltx");
    byte[] b = Files.readAllBytes(f);
    b[200] ^= 0x10;
    Files.write(f, b);
    Path out = dir.resolve("out.db");
    Run r = run("-o", out.toString(), url());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .contains("restore failed")
        .contains("0000000000000002-0000000000000002.ltx");
    assertThat(out).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files).noneMatch(p -> p.getFileName().toString().startsWith("out.db"));
    }
  }

  @Test
  void databasePath_usesReplicaUrlOption() throws Exception {
    Path db = dir.resolve("app.db");
    Run r = run(db.toString(), "--replica-url", url());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(db)).isEqualTo(state2);
  }

  @Test
  void progressPrinter_periodicLinesWhenNotTerminal() {
    StringWriter w = new StringWriter();
    long[] now = {0};
    RestoreProgressPrinter p =
        new RestoreProgressPrinter(new PrintWriter(w), false, 5_000_000_000L, () -> now[0]);
    p.update(0, 10_000_000, 0, 4);
    now[0] = 1_000_000_000L;
    p.update(2_000_000, 10_000_000, 1, 4); // too soon
    now[0] = 6_000_000_000L;
    p.update(6_000_000, 10_000_000, 2, 4);
    now[0] = 8_000_000_000L;
    p.update(10_000_000, 10_000_000, 4, 4);
    assertThat(w.toString().lines())
        .containsExactly(
            "restore progress: 6.0 / 10.0 MB (60%), 2/4 files, 1.0 MB/s",
            "restore progress: 10.0 / 10.0 MB (100%), 4/4 files, 1.3 MB/s");
  }
}
