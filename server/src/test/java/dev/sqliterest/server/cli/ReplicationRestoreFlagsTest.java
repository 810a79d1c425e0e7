package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
    assertThat(s.restore.toStep().restoreFrom()).contains("file:///other");
    Serve d = new Serve();
    new CommandLine(d).parseArgs();
    assertThat(d.restore.startupOptions().interval()).isZero();
    assertThat(d.restore.startupOptions().lag()).isZero();
    assertThat(d.restore.toStep().restoreFrom()).isEmpty();
  }
}
