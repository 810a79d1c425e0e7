package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.CompactionLevel;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.config.ConfigException;
import dev.sqliterest.server.config.ReplicationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --config FILE}: serve's keys, litestream.yml's keys, precedence and errors. */
final class ConfigFileTest {

  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("config.yml");
    Files.writeString(file, yaml);
    return file;
  }

  /** The serve command as {@code args} and {@code env} configure it (nothing is started). */
  private ServeCommand serve(Map<String, String> env, String... args) {
    CliRun run = new CliRun(env, dir, Wiring.defaults());
    CommandLine cl = Cli.withConfigFile(run.context, args);
    return cl.parseArgs(args).subcommand().commandSpec().commandLine().getCommand();
  }

  private ServeCommand serveWith(String yaml, String... flags) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("serve", "--config"));
    args.add(write(yaml).toString());
    args.addAll(List.of(flags));
    return serve(Map.of(), args.toArray(String[]::new));
  }

  /** The one-line error of {@code serve --config} with {@code yaml}, and the exit code 2. */
  private String error(String yaml, Map<String, String> env) throws Exception {
    CliRun run = new CliRun(env, dir, Wiring.defaults());
    int code = run.run("serve", "--config", write(yaml).toString());
    assertThat(code).as(run.err.toString()).isEqualTo(ExitCodes.USAGE);
    return run.err.toString().strip();
  }

  private String error(String yaml) throws Exception {
    return error(yaml, Map.of());
  }

  @Test
  void serveKeys_areTheFlagsWithoutDashes() throws Exception {
    ServeCommand serve =
        serveWith(
            """
            db-dsn: ./books.db
            auth-disabled: true
            security-allow-table: [books, authors]
            max-body-bytes: 1MiB
            shutdown-timeout: 30s
            pprof-addr: 127.0.0.1:6060
            replication-enabled: true
            replication-replica-url: file:///var/backups/books
            replication-compaction-intervals: [10s, 1m]
            log-level: 8
            """);

    assertThat(serve.dbDsn).isEqualTo("./books.db");
    assertThat(serve.authDisabled).isTrue();
    assertThat(serve.allowTables).containsExactly("books", "authors");
    assertThat(serve.maxBodyBytes).isEqualTo(1024 * 1024);
    assertThat(serve.shutdownTimeout).isEqualTo(Duration.ofSeconds(30));
    assertThat(serve.debugAddr).isEqualTo("127.0.0.1:6060");
    ReplicationConfig replication = serve.replication.toConfig(serve.restore).orElseThrow();
    assertThat(replication.replica()).isEqualTo(ReplicaUrl.parse("file:///var/backups/books"));
    assertThat(replication.engine().levels().stream().map(CompactionLevel::interval))
        .containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(1));
    assertThat(serve.root.logSettings(serve, false).level()).isEqualTo(8);
  }

  @Test
  void precedence_flagOverVariableOverFileOverDefault() throws Exception {
    Path file = write("shutdown-timeout: 30s\nmax-body-bytes: 1MiB\nauth-role-claim: file\n");
    Map<String, String> env =
        Map.of("SQLITEREST_MAX_BODY_BYTES", "2MiB", "SQLITEREST_AUTH_ROLE_CLAIM", "env");

    ServeCommand serve =
        serve(env, "serve", "--config", file.toString(), "--auth-role-claim", "flag");

    assertThat(serve.authRoleClaim).isEqualTo("flag");
    assertThat(serve.maxBodyBytes).isEqualTo(2 * 1024 * 1024);
    assertThat(serve.shutdownTimeout).isEqualTo(Duration.ofSeconds(30));
    assertThat(serve.authDefaultRole).isEqualTo("anon");
  }

  @Test
  void configVariable_namesTheFile() throws Exception {
    Path file = write("db-dsn: ./from-env-config.db\n");

    ServeCommand serve = serve(Map.of("SQLITEREST_CONFIG", file.toString()), "serve");

    assertThat(serve.dbDsn).isEqualTo("./from-env-config.db");
  }

  @Test
  void variables_areExpanded_anUnsetOneIsAnError() throws Exception {
    Path file =
        write("db-dsn: ${DATA}/app.db\nauth-audience: $AUD-x\ncors-allowed-origins: a$$b\n");
    Map<String, String> env = Map.of("DATA", "/srv/data", "AUD", "api");

    ServeCommand serve = serve(env, "serve", "--config", file.toString());

    assertThat(serve.dbDsn).isEqualTo("/srv/data/app.db");
    assertThat(serve.authAudience).isEqualTo("api-x");
    assertThat(serve.corsAllowedOrigins).containsExactly("a$b");
    assertThat(error("db-dsn: ${NOPE}/app.db\n"))
        .endsWith("config.yml: db-dsn: ${NOPE} is not set in the environment");
  }

  @Test
  void litestreamYml_worksAsItIs() throws Exception {
    ServeCommand serve =
        serveWith(
            """
            addr: ":9090"
            logging:
              level: debug
              type: json
            snapshot:
              interval: 12h
              retention: 48h
            levels:
              - interval: 10s
              - interval: 1m
            dbs:
              - path: /data/db.sqlite3
                replica:
                  url: s3://my-bucket/db
                  sync-interval: 5s
            """);

    assertThat(serve.dbDsn).isEqualTo("/data/db.sqlite3");
    assertThat(serve.listen.metricsAddr).isEqualTo(":9090");
    ReplicationConfig replication = serve.replication.toConfig(serve.restore).orElseThrow();
    assertThat(replication.replica()).isEqualTo(ReplicaUrl.parse("s3://my-bucket/db"));
    assertThat(replication.engine().syncInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(replication.engine().snapshotInterval()).isEqualTo(Duration.ofHours(12));
    assertThat(replication.engine().retention()).isEqualTo(Duration.ofHours(48));
    assertThat(replication.engine().levels().stream().map(CompactionLevel::interval))
        .containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(1));
    assertThat(serve.root.logSettings(serve, true))
        .extracting(s -> s.level(), s -> s.format().name())
        .containsExactly(8, "JSON");
  }

  @Test
  void litestreamYml_bucketPathAndS3Settings_makeOneUrl_topLevelSettingsAreDefaults()
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", "AKIA1");
    env.put("AWS_SECRET_ACCESS_KEY", "s3cr3t");
    Path file =
        write(
            """
            access-key-id: ${AWS_ACCESS_KEY_ID}
            secret-access-key: ${AWS_SECRET_ACCESS_KEY}
            region: eu-west-1
            dbs:
              - path: ./app.db
                replicas:
                  - type: s3
                    bucket: backups
                    path: app
                    endpoint: http://minio:9000
                    force-path-style: true
            """);

    ServeCommand serve = serve(env, "serve", "--config", file.toString());

    assertThat(serve.replication.toConfig(serve.restore).orElseThrow().replica())
        .isEqualTo(
            ReplicaUrl.parse(
                "s3://backups/app?endpoint=http%3A%2F%2Fminio%3A9000&region=eu-west-1"
                    + "&force-path-style=true"));
  }

  @Test
  void litestreamYml_fileReplicaByPath() throws Exception {
    ServeCommand serve = serveWith("dbs:\n  - path: a.db\n    replica:\n      path: /backups/a\n");

    assertThat(serve.replication.toConfig(serve.restore).orElseThrow().replica())
        .isEqualTo(ReplicaUrl.parse("file:///backups/a"));
  }

  @Test
  void badValue_namesTheKeyPath() throws Exception {
    assertThat(
            error(
                """
                dbs:
                  - path: /data/db.sqlite3
                    replica:
                      url: s3://bucket/db
                      sync-interval: soon
                """))
        .endsWith(
            "config.yml: dbs[0].replica.sync-interval: \"soon\" is not a duration;"
                + " write e.g. 500ms, 30s, 5m or 1h30m");
    assertThat(error("max-body-bytes: lots\n")).contains("config.yml: max-body-bytes: ");
    assertThat(error("db-create: yes please\n"))
        .endsWith("config.yml: db-create: \"yes please\" is not true or false");
    assertThat(error("log-format: xml\n")).contains("config.yml: log-format: ");
  }

  @Test
  void keysThatDoNotApply_areClearErrors() throws Exception {
    assertThat(error("dbs:\n  - path: a.db\n    checkpoint-interval: 1m\n"))
        .endsWith(
            "dbs[0].checkpoint-interval: this Litestream setting does not apply: sqlite-rest"
                + " checkpoints after the frames are shipped (docs/REPLICATION.md)");
    assertThat(error("exec: myapp serve\n")).contains("exec: this Litestream setting does not");
    assertThat(error("dbs:\n  - path: a.db\n    replica: {url: s3://b/a, age: {}}\n"))
        .contains("dbs[0].replica.age: this Litestream setting does not apply");
    assertThat(error("dbs:\n  - path: a.db\n    replica: {type: sftp, host: h}\n"))
        .contains("dbs[0].replica.host: sqlite-rest replicates to file:// and s3:// replicas");
    assertThat(error("dbs:\n  - path: a.db\n    replica: {url: s3://b/a, retention: 24h}\n"))
        .contains("dbs[0].replica.retention: this Litestream setting does not apply");
    assertThat(error("db_dsn: x.db\n")).contains("config.yml: db_dsn: unknown key;");
    assertThat(error("dbs:\n  - path: a.db\n  - path: b.db\n"))
        .endsWith("dbs: sqlite-rest serves one database; this file lists 2 of them");
    assertThat(error("db-dsn: a.db\ndbs:\n  - path: b.db\n"))
        .endsWith("dbs[0].path: also set by db-dsn to another value; keep one");
    assertThat(
            error("snapshot: {interval: 1h}\ndbs:\n  - path: a.db\n    snapshot: {interval: 2h}\n"))
        .endsWith(
            "dbs[0].snapshot.interval: also set by snapshot.interval to another value; keep one");
    assertThat(error("dbs:\n  - path: a.db\n    replica: {url: s3://b/a, bucket: b}\n"))
        .endsWith("dbs[0].replica.bucket: give either url or bucket, not both (as Litestream)");
  }

  @Test
  void accessKeys_comeFromTheEnvironment() throws Exception {
    String yaml = "dbs:\n  - path: a.db\n    replica: {url: s3://b/a, access-key-id: AKIA2}\n";
    assertThat(error(yaml, Map.of("AWS_ACCESS_KEY_ID", "AKIA1")))
        .endsWith(
            "dbs[0].replica.access-key-id: set AWS_ACCESS_KEY_ID in the environment instead (or"
                + " write ${AWS_ACCESS_KEY_ID} here): the S3 client reads its keys from there");
  }

  @Test
  void missingFile_isAUsageError() {
    CliRun run = new CliRun(Map.of(), dir, Wiring.defaults());

    assertThat(run.run("serve", "--config", dir.resolve("nope.yml").toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(run.err.toString()).contains("nope.yml: cannot read the file");
  }

  @Test
  void documentErrors_nameTheFile() {
    assertThatThrownBy(
            () -> dev.sqliterest.server.config.ConfigDocument.parse("c.yml", "a: [", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("c.yml: not valid YAML");
    assertThatThrownBy(
            () -> dev.sqliterest.server.config.ConfigDocument.parse("c.yml", "- a", Map.of()))
        .hasMessage("c.yml: expected a mapping of settings at the top");
  }

  /** A real start: a Litestream-shaped file serves the database and replicates it. */
  @Test
  void serveWithALitestreamFile_servesAndReplicates() throws Exception {
    Path db = dir.resolve("app.db");
    Path replica = dir.resolve("replica");
    Path file =
        write(
            "auth-disabled: true\nsecurity-allow-table: [t]\nhttp-addr: 127.0.0.1:0\n"
                + "addr: 127.0.0.1:0\ndb-create: true\n"
                + "dbs:\n  - path: "
                + db
                + "\n    replica:\n      type: file\n      path: "
                + replica
                + "\n");
    CliRun run = new CliRun(Map.of(), dir, Wiring.defaults());

    CompletableFuture<Integer> exit = run.start("serve", "--config", file.toString());
    App app = run.awaitStarted();

    assertThat(app.config().database().path()).isEqualTo(db);
    assertThat(app.adminPort()).isPresent();
    assertThat(run.stopAndWait(exit)).isZero();
    assertThat(replica.resolve("ltx")).isDirectory();
  }
}
