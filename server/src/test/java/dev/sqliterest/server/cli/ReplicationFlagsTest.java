package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.AckReplicas;
import dev.sqliterest.replication.ReplicationOptions;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.restore.StartupRestoreOptions;
import dev.sqliterest.server.config.ConfigException;
import dev.sqliterest.server.config.ReplicationAck;
import dev.sqliterest.server.config.ReplicationConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;

/** The {@code --replication-*} flags become one typed {@link ReplicationConfig}, parsed once. */
final class ReplicationFlagsTest {

  @Command(name = "serve")
  static final class Serve implements Callable<Integer> {
    @Mixin ReplicationFlags replication;
    @Mixin ReplicationRestoreFlags restore;

    @Override
    public Integer call() {
      return 0;
    }
  }

  private static Optional<ReplicationConfig> parse(String... args) {
    Serve serve = new Serve();
    CommandLine cl = new CommandLine(serve);
    cl.setDefaultValueProvider(new EnvironmentDefaults(Map.of()));
    cl.parseArgs(args);
    return serve.replication.toConfig(serve.restore);
  }

  @Test
  void withoutFlags_replicationIsOff_andDefaultsComeFromTheEngine() {
    assertThat(parse()).isEmpty();
    ReplicationConfig config =
        parse("--replication-enabled", "--replication-replica-url", "file:///backups/app")
            .orElseThrow();
    assertThat(config.replicas()).containsExactly(ReplicaUrl.parse("file:///backups/app"));
    assertThat(config.engine()).isEqualTo(ReplicationOptions.defaults());
    assertThat(config.restore()).isEqualTo(StartupRestoreOptions.defaults());
    assertThat(config.restoreFrom()).isEmpty();
  }

  @Test
  void ack_defaultsToAsyncAnd10s_replicatedAndTimeoutParsed_badValuesNamed() {
    String[] on = {"--replication-enabled", "--replication-replica-url", "file:///b/app"};
    assertThat(parse(on).orElseThrow().ack()).isEqualTo(ReplicationAck.DEFAULTS);
    assertThat(ReplicationAck.DEFAULTS.timeout()).isEqualTo(Duration.ofSeconds(10));
    ReplicationConfig replicated =
        parse(
                "--replication-enabled",
                "--replication-replica-url",
                "file:///b/app",
                "--replication-ack",
                "Replicated",
                "--replication-ack-timeout",
                "2s")
            .orElseThrow();
    assertThat(replicated.ack()).isEqualTo(new ReplicationAck(true, Duration.ofSeconds(2)));
    assertThatThrownBy(() -> parse("--replication-ack", "sync"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--replication-ack must be async")
        .hasMessageContaining("\"sync\"");
    assertThatThrownBy(() -> parse("--replication-ack-timeout", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--replication-ack-timeout must be a positive duration");
  }

  @Test
  void severalReplicas_repeatedOrCommaList_ackOnAllUnlessAny_duplicatesRefused() {
    ReplicationConfig repeated =
        parse(
                "--replication-enabled",
                "--replication-replica-url",
                "file:///b/one",
                "--replication-replica-url",
                "s3://bkt/app?region=eu-west-1")
            .orElseThrow();
    assertThat(repeated.replicas())
        .containsExactly(
            ReplicaUrl.parse("file:///b/one"), ReplicaUrl.parse("s3://bkt/app?region=eu-west-1"));
    assertThat(repeated.ack().replicas()).isEqualTo(AckReplicas.ALL);
    ReplicationConfig listed =
        parse(
                "--replication-enabled",
                "--replication-replica-url",
                "file:///b/one,file:///b/two",
                "--replication-ack-replicas",
                "ANY")
            .orElseThrow();
    assertThat(listed.replicas())
        .containsExactly(ReplicaUrl.parse("file:///b/one"), ReplicaUrl.parse("file:///b/two"));
    assertThat(listed.ack().replicas()).isEqualTo(AckReplicas.ANY);
    assertThatThrownBy(
            () ->
                parse(
                    "--replication-enabled",
                    "--replication-replica-url",
                    "file:///b/one,file:///b/one"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("names the same replica twice");
    assertThatThrownBy(() -> parse("--replication-ack-replicas", "most"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--replication-ack-replicas must be all")
        .hasMessageContaining("\"most\"");
  }

  @Test
  void builtInDefaults_liveOnlyInTheOwningClasses() {
    CommandLine cl = new CommandLine(new Serve());
    for (String name : BuiltInDefaults.options()) {
      OptionSpec option = cl.getCommandSpec().findOption(name);
      if (option != null) {
        assertThat(option.defaultValue()).as(name + " declares no default of its own").isNull();
      }
    }
  }

  @Test
  void flags_parseGoDurations_andRestoreFromWins() {
    ReplicationConfig config =
        parse(
                "--replication-enabled",
                "--replication-replica-url",
                "s3://bkt/app?region=eu-west-1",
                "--replication-sync-interval",
                "200ms",
                "--replication-compaction-intervals",
                "10s,1m",
                "--replication-restore-from",
                "file:///other",
                "--replication-restore-interval",
                "1h30m",
                "--replication-restore-lag",
                "500ms",
                "--replication-restore-force")
            .orElseThrow();
    assertThat(config.engine().syncInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.engine().levels()).hasSize(2);
    assertThat(config.engine().levels().get(1).interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.restore().interval()).isEqualTo(Duration.ofMinutes(90));
    assertThat(config.restore().lag()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.restore().force()).isTrue();
    assertThat(config.restoreFrom()).hasValue(ReplicaUrl.parse("file:///other"));
  }

  @Test
  void badValues_nameTheFlag() {
    assertThatThrownBy(() -> parse("--replication-enabled"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--replication-replica-url is required");
    assertThatThrownBy(
            () -> parse("--replication-enabled", "--replication-replica-url", "ftp://x/y"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--replication-replica-url")
        .hasMessageContaining("unsupported scheme");
    assertThatThrownBy(() -> parse("--replication-sync-interval", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--replication-sync-interval");
    assertThatThrownBy(() -> parse("--replication-compaction-intervals", "1s,0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--replication-compaction-intervals");
  }
}
