package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.CompactionLevel;
import dev.sqliterest.server.config.ConfigException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

final class ReplicationFlagsTest {

  @Command(name = "serve")
  static final class Serve implements Callable<Integer> {
    @Mixin ReplicationFlags replication;

    @Override
    public Integer call() {
      return 0;
    }
  }

  private static ReplicationFlags parse(String... args) {
    Serve s = new Serve();
    new CommandLine(s).parseArgs(args);
    return s.replication;
  }

  @Test
  void compactionIntervals_defaultToLitestreamsLevels() {
    assertThat(parse().toConfig().toOptions().levels())
        .containsExactly(
            new CompactionLevel(1, Duration.ofSeconds(30)),
            new CompactionLevel(2, Duration.ofMinutes(5)),
            new CompactionLevel(3, Duration.ofHours(1)));
  }

  @Test
  void compactionIntervals_replaceTheLevels() {
    assertThat(
            parse("--replication-compaction-intervals", "1s,10s").toConfig().toOptions().levels())
        .containsExactly(
            new CompactionLevel(1, Duration.ofSeconds(1)),
            new CompactionLevel(2, Duration.ofSeconds(10)));
  }

  @Test
  void compactionIntervals_zeroIsAnErrorNamingTheFlag() {
    ReplicationFlags flags = parse("--replication-compaction-intervals", "30s,0s");
    assertThatThrownBy(flags::toConfig)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--replication-compaction-intervals");
  }
}
