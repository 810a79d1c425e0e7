package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import dev.sqliterest.replication.restore.RestoreProgress;
import dev.sqliterest.replication.restore.StartupDecision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

final class ReplicationRestoreFlagsTest {

  @Command(name = "serve")
  static final class Serve implements Callable<Integer> {
    @Mixin ReplicationRestoreFlags restore;

    @Override
    public Integer call() {
      return 0;
    }
  }

  @TempDir Path dir;

  @Test
  void flags_parseGoDurations_andRestoreFromWins() {
    Serve s = new Serve();
    new CommandLine(s)
        .parseArgs(
            "--replication-restore-from",
            "file:///other",
            "--replication-restore-interval",
            "1h30m",
            "--replication-restore-lag",
            "500ms",
            "--replication-restore-force");
    assertThat(s.restore.startupOptions().interval()).isEqualTo(Duration.ofMinutes(90));
    assertThat(s.restore.startupOptions().lag()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.restore.startupOptions().force()).isTrue();
    assertThat(s.restore.sourceUrl("file:///main")).isEqualTo("file:///other");
    Serve d = new Serve();
    new CommandLine(d).parseArgs();
    assertThat(d.restore.startupOptions().interval()).isZero();
    assertThat(d.restore.startupOptions().lag()).isZero();
    assertThat(d.restore.sourceUrl("file:///main")).isEqualTo("file:///main");
  }

  @Test
  void restoreBeforeServing_missingDatabase_restoresRows() throws Exception {
    Path src = dir.resolve("src.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + src);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE books(id INTEGER PRIMARY KEY, title TEXT)");
      s.execute("INSERT INTO books(title) VALUES ('Dune'), ('Emma')");
    }
    byte[] image = Files.readAllBytes(src);
    ByteArrayOutputStream ltx = new ByteArrayOutputStream();
    LtxEncoder e =
        LtxEncoder.create(ltx, LtxHeader.of(4096, image.length / 4096, 1, 1, 1_700_000_000_000L));
    for (int p = 1; p <= image.length / 4096; p++) {
      e.encodePage(p, image, (p - 1) * 4096);
    }
    e.finish();
    Path replica = dir.resolve("replica");
    new FileReplicaClient(replica)
        .writeLtxFile(9, 1, 1, new ByteArrayInputStream(ltx.toByteArray()));

    Serve s = new Serve();
    new CommandLine(s).parseArgs("--replication-restore-from", "file://" + replica);
    Path db = dir.resolve("data/app.db");
    StartupDecision d =
        s.restore.restoreBeforeServing(
            db, "file:///nowhere", dir.resolve("data/.app.db-litestream"), RestoreProgress.NONE);
    assertThat(d).isInstanceOf(StartupDecision.Restore.class);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT group_concat(title) FROM books")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("Dune,Emma");
    }
  }
}
