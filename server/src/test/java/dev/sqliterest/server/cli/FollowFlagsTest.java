package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.FollowOptions;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.server.config.ConfigException;
import dev.sqliterest.server.config.DatabaseDsn;
import dev.sqliterest.server.config.FollowConfig;
import dev.sqliterest.server.config.ReplicationConfig;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The follower flags become one typed {@link FollowConfig}; bad values name their flag. */
final class FollowFlagsTest {

  @Command(name = "serve")
  static final class Serve implements Callable<Integer> {
    @Mixin FollowFlags follow;

    @Override
    public Integer call() {
      return 0;
    }
  }

  private static Optional<FollowConfig> parse(Map<String, String> env, String... args) {
    Serve serve = new Serve();
    CommandLine cl = new CommandLine(serve);
    cl.setDefaultValueProvider(new EnvironmentDefaults(env));
    cl.parseArgs(args);
    return serve.follow.toConfig();
  }

  private static Optional<FollowConfig> parse(String... args) {
    return parse(Map.of(), args);
  }

  @Test
  void withoutTheFlag_notFollowing_andDefaultsComeFromTheOwningClasses() {
    assertThat(parse()).isEmpty();
    FollowConfig config = parse("--replication-follow", "file:///backups/app").orElseThrow();
    assertThat(config.replica()).isEqualTo(ReplicaUrl.parse("file:///backups/app"));
    assertThat(config.engine()).isEqualTo(FollowOptions.defaults());
    assertThat(config.maxWait()).isEqualTo(FollowConfig.DEFAULT_MAX_WAIT);
    assertThat(config.primaryUrl()).isEmpty();
  }

  @Test
  void everyFlag_andItsVariable() {
    FollowConfig config =
        parse(
                Map.of(
                    "SQLITEREST_REPLICATION_FOLLOW", "s3://bkt/app",
                    "SQLITEREST_REPLICATION_FOLLOW_WAIT", "250ms"),
                "--replication-follow-interval",
                "200ms",
                "--replication-primary-url",
                "http://primary:8080/")
            .orElseThrow();
    assertThat(config.replica()).isEqualTo(ReplicaUrl.parse("s3://bkt/app"));
    assertThat(config.engine().interval()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.maxWait()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.primaryUrl()).contains(URI.create("http://primary:8080"));
  }

  @Test
  void badValues_nameTheFlag_evenWhenNotFollowing() {
    assertThatThrownBy(() -> parse("--replication-follow", "ftp://x/y"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--replication-follow")
        .hasMessageContaining("unsupported scheme");
    assertThatThrownBy(() -> parse("--replication-follow-interval", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--replication-follow-interval");
    assertThatThrownBy(() -> parse("--replication-primary-url", "primary:8080"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--replication-primary-url")
        .hasMessageContaining("http://primary:8080");
  }

  @Test
  void aFollowerThatAlsoReplicates_orOpensItsFileReadOnly_isRefused() {
    FollowConfig follow = parse("--replication-follow", "file:///r").orElseThrow();
    ServeConfig base = ServeConfig.loopback(DatabaseOptions.defaults(Path.of("f.db")), Set.of("t"));
    assertThatThrownBy(
            () ->
                base.withReplication(
                        Optional.of(ReplicationConfig.to(ReplicaUrl.parse("file:///r"))))
                    .withFollow(Optional.of(follow)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--replication-follow cannot be combined with --replication-enabled");
    assertThatThrownBy(
            () ->
                ServeConfig.loopback(DatabaseDsn.parse("file:f.db?mode=ro", false), Set.of("t"))
                    .withFollow(Optional.of(follow)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mode=ro");
  }
}
