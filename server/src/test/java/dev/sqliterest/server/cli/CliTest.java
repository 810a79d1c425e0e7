package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.auth.KeySource;
import dev.sqliterest.server.config.ApiFeatures;
import dev.sqliterest.server.config.LogFormat;
import dev.sqliterest.server.config.LogSettings;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.server.testing.RecordingApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The command line as a user meets it: help, errors and exit codes, environment mirrors. */
final class CliTest {

  @TempDir Path dir;

  private CliRun cli(Map<String, String> env) {
    return new CliRun(env, dir, Wiring.defaults().withApi((db, c, p, d) -> new RecordingApi()));
  }

  /** Runs {@code serve --db-dsn x.db} with {@code flags} (usage errors: nothing starts). */
  private static int serveX(CliRun run, String... flags) {
    List<String> args = new java.util.ArrayList<>(List.of("serve", "--db-dsn", "x.db"));
    args.addAll(List.of(flags));
    return run.run(args.toArray(String[]::new));
  }

  /** {@code serve} of a new d.db, no auth, on an ephemeral loopback port, no admin listener. */
  private String[] localServe() {
    return new String[] {
      "serve",
      "--db-dsn",
      dir.resolve("d.db").toString(),
      "--db-create",
      "--auth-disabled",
      "--http-addr",
      "127.0.0.1:0",
      "--metrics-addr",
      ""
    };
  }

  private CliRun cli() {
    return cli(Map.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "serve", "demo"})
  void help_everyCommand_teachesWithExamplesAndEnvironment(String command) {
    CliRun run = cli();
    String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};

    assertThat(run.run(args)).isEqualTo(ExitCodes.OK);
    assertThat(run.out.toString()).contains("Usage: sqlite-rest", "Examples:", "Environment");
  }

  @Test
  void help_listsTheEnvironmentVariableOfEveryOptionOfEveryCommand() {
    List<CommandLine> commands = new java.util.ArrayList<>();
    java.util.Deque<CommandLine> todo = new java.util.ArrayDeque<>();
    todo.add(Cli.commandLine(cli().context));
    while (!todo.isEmpty()) {
      CommandLine command = todo.poll();
      commands.add(command);
      todo.addAll(command.getSubcommands().values());
    }
    assertThat(commands).hasSizeGreaterThan(3);
    for (CommandLine command : commands) {
      String help = command.getUsageMessage();
      for (OptionSpec option : command.getCommandSpec().options()) {
        if (option.usageHelp() || option.versionHelp()) {
          continue;
        }
        String name =
            java.util.Arrays.stream(option.names())
                .filter(n -> n.startsWith("--"))
                .findFirst()
                .orElseThrow();
        String variable = "SQLITEREST_" + name.substring(2).replace('-', '_').toUpperCase();
        assertThat(help.lines())
            .as(command.getCommandName() + " " + name)
            .anyMatch(
                line ->
                    line.startsWith("  " + variable + " ")
                        && List.of(line.strip().split("[ ,]+")).contains(name));
      }
    }
  }

  @Test
  void serveHelp_showsSqliteRestDefaults() {
    CliRun run = cli();
    run.run("serve", "--help");

    assertThat(run.out.toString().replaceAll("\\s+", " "))
        .contains(
            "Default: :8080",
            "Default: :8081",
            "Default: 16MiB",
            "Default: *",
            "SQLITEREST_DB_DSN",
            "SQLITEREST_SECURITY_ALLOW_TABLE");
  }

  @Test
  void noCommand_printsUsage() {
    CliRun run = cli();

    assertThat(run.run()).isEqualTo(ExitCodes.OK);
    assertThat(run.out.toString()).contains("Commands:", "serve", "demo");
  }

  @Test
  void ltx_withoutSubcommand_isUsageErrorWithUsageOnStderr() {
    CliRun run = cli();

    assertThat(run.run("ltx")).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().getFirst())
        .isEqualTo("sqlite-rest ltx: missing a subcommand: dump, verify or list");
    assertThat(run.err.toString()).contains("Usage: sqlite-rest ltx", "Commands:");
    assertThat(run.out.toString()).isEmpty();
  }

  @Test
  void ioFailure_isOneLineNamingFileAndReason_exit1() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    CliRun run = cli();

    assertThat(run.run("ltx", "list", notADirectory.toString())).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.errLines())
        .containsExactly(
            "sqlite-rest ltx list: cannot list directory "
                + notADirectory.resolve("ltx/0")
                + ": not a directory");
  }

  @Test
  void restoreHelp_namesOneReplicaUrlVariable_theRulesName() {
    CliRun run = cli();
    run.run("restore", "--help");

    assertThat(run.out.toString())
        .contains("SQLITEREST_REPLICA_URL ")
        .doesNotContain("SQLITEREST_REPLICATION_REPLICA_URL");
  }

  @Test
  void restore_replicaUrlFromTheRulesVariable() throws Exception {
    CliRun run =
        cli(Map.of("SQLITEREST_REPLICA_URL", dir.resolve("no-replica").toUri().toString()));

    assertThat(run.run("restore", "--if-replica-exists", dir.resolve("app.db").toString()))
        .as(run.err.toString())
        .isEqualTo(ExitCodes.OK);
    assertThat(run.err.toString()).contains("no-replica");
  }

  @Test
  void migrate_failure_printsTheExactNextCommandWithDsn() throws Exception {
    Path migrations = Files.createDirectory(dir.resolve("m"));
    Files.writeString(migrations.resolve("1_a.up.sql"), "create table a (id int);");
    Files.writeString(migrations.resolve("2_b.up.sql"), "create table b invalid sql;");
    String dsn = dir.resolve("x.db") + "?_busy_timeout=5000";

    CliRun failed = cli();
    assertThat(failed.run("migrate", "--db-dsn", dsn, migrations.toString())).isEqualTo(1);
    assertThat(failed.errLines().getFirst()).startsWith("sqlite-rest migrate: migration ");
    assertThat(failed.errLines())
        .contains(
            "next: sqlite-rest migrate force --db-dsn '" + dsn + "' 1, then run the migrate again");

    CliRun dirty = cli();
    assertThat(dirty.run("migrate", "--db-dsn", dsn, migrations.toString())).isEqualTo(1);
    assertThat(dirty.errLines().getFirst())
        .startsWith("sqlite-rest migrate: database is dirty at version 2");
    assertThat(dirty.errLines().get(1))
        .startsWith("next: sqlite-rest migrate force --db-dsn '" + dsn + "' V ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "serve --bogus",
        "serve --http-addr nope",
        "serve --http-addr :99999",
        "serve --shutdown-timeout 5x",
        "serve --max-body-bytes lots",
        "serve --log-level high",
        "frobnicate"
      })
  void badUsage_isOneLineOnStderrAndExit2(String line) {
    CliRun run = cli();

    assertThat(run.run(line.split(" "))).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().getFirst()).startsWith("sqlite-rest").contains("--help");
    assertThat(run.out.toString()).isEmpty();
  }

  @Test
  void unknownOption_isNamed_evenWhenTheRequiredArgumentIsMissingToo() {
    CliRun run = cli();

    assertThat(run.run("restore", "--bogus")).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines())
        .containsExactly(
            "sqlite-rest restore: Unknown option: '--bogus' (see 'sqlite-rest restore --help')");
  }

  @Test
  void badDsn_namesTheParameter() {
    CliRun run = cli();

    int code = run.run("serve", "--db-dsn", "x.db?_loc=auto", "--auth-disabled");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("unknown parameter \"_loc\"")
        .contains("supported:");
  }

  @Test
  void badRestoreFromUrl_isUsageErrorNamingTheFlag() throws Exception {
    Path db = Files.createFile(dir.resolve("restore-from.db"));
    CliRun run = cli();

    int code =
        run.run(
            "serve",
            "--db-dsn",
            db.toString(),
            "--auth-disabled",
            "--replication-enabled",
            "--replication-replica-url",
            dir.resolve("replica").toUri().toString(),
            "--replication-restore-from",
            "ftp://host/backups");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("--replication-restore-from")
        .contains("unsupported scheme \"ftp\"");
  }

  @Test
  void missingDsn_isUsageError() {
    CliRun run = cli();

    assertThat(run.run("serve", "--auth-disabled")).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err.toString()).contains("--db-dsn is required");
  }

  @Test
  void noAuthFlag_isUsageErrorNamingTheChoices() {
    CliRun run = cli();

    assertThat(run.run("serve", "--db-dsn", "x.db")).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err.toString())
        .contains(
            "--auth-token-file", "--auth-rsa-public-key", "--auth-jwks-file", "--auth-disabled");
  }

  @Test
  void bothKeySources_isUsageError() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "s");
    Path key = Files.writeString(dir.resolve("key.pem"), "k");
    CliRun run = cli();

    int code =
        serveX(
            run, "--auth-token-file", secret.toString(), "--auth-rsa-public-key", key.toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err.toString()).contains("at the same time");
  }

  @Test
  void jwksFile_fromFlagOrEnvironment_andOnlyAloneWithTheOtherKeySources() throws Exception {
    Path jwks = Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
    Path secret = Files.writeString(dir.resolve("secret"), "s");
    CommandLine cl = Cli.commandLine(cli().context);
    cl.parseArgs("serve", "--db-dsn", "x.db", "--auth-jwks-file", jwks.toString());
    ServeCommand serve = cl.getSubcommands().get("serve").getCommand();
    assertThat(serve.toConfig().auth().orElseThrow().keys())
        .isEqualTo(new KeySource(KeySource.Kind.JWKS, jwks));

    cl = Cli.commandLine(cli(Map.of("SQLITEREST_AUTH_JWKS_FILE", jwks.toString())).context);
    cl.parseArgs("serve", "--db-dsn", "x.db");
    serve = cl.getSubcommands().get("serve").getCommand();
    assertThat(serve.toConfig().auth().orElseThrow().keys())
        .isEqualTo(new KeySource(KeySource.Kind.JWKS, jwks));

    CliRun run = cli();
    int code =
        run.run(
            "serve",
            "--db-dsn",
            "x.db",
            "--auth-token-file",
            secret.toString(),
            "--auth-jwks-file",
            jwks.toString());
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err.toString())
        .contains("cannot specific --auth-token-file and --auth-jwks-file at the same time");
  }

  @Test
  void featureFlags_offByDefault_onByFlagOrEnvironment() {
    CommandLine cl = Cli.commandLine(cli().context);
    cl.parseArgs("serve", "--db-dsn", "x.db", "--auth-disabled");
    ServeCommand serve = cl.getSubcommands().get("serve").getCommand();
    assertThat(serve.toConfig().features()).isEqualTo(new ApiFeatures(false, false));

    cl = Cli.commandLine(cli().context);
    cl.parseArgs("serve", "--db-dsn", "x.db", "--auth-disabled", "--plans-enabled");
    serve = cl.getSubcommands().get("serve").getCommand();
    assertThat(serve.toConfig().features()).isEqualTo(new ApiFeatures(true, false));

    cl =
        Cli.commandLine(
            cli(Map.of(
                    "SQLITEREST_AGGREGATES_ENABLED", "true",
                    "SQLITEREST_PLANS_ENABLED", "true"))
                .context);
    cl.parseArgs("serve", "--db-dsn", "x.db", "--auth-disabled");
    serve = cl.getSubcommands().get("serve").getCommand();
    assertThat(serve.toConfig().features()).isEqualTo(new ApiFeatures(true, true));
  }

  @Test
  void unreadableKeyFile_isUsageError() {
    CliRun run = cli();

    int code = run.run("serve", "--db-dsn", "x.db", "--auth-token-file", "/nonexistent/secret");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err.toString()).contains("cannot read file /nonexistent/secret");
  }

  @Test
  void missingDatabaseFile_isFailureWithoutDbCreate() {
    CliRun run = cli();

    int code =
        run.run(
            "serve",
            "--db-dsn",
            dir.resolve("missing.db").toString(),
            "--auth-disabled",
            "--http-addr",
            "127.0.0.1:0",
            "--metrics-addr",
            "");

    assertThat(code).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("missing.db", "does not exist", "--db-create");
    assertThat(dir.resolve("missing.db")).doesNotExist();
  }

  @Test
  void portInUse_isFailureNamingTheFlag() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRun run = cli();

      int code =
          run.run(
              "serve",
              "--db-dsn",
              dir.resolve("p.db").toString(),
              "--db-create",
              "--auth-disabled",
              "--http-addr",
              "127.0.0.1:" + taken.getLocalPort(),
              "--metrics-addr",
              "");

      assertThat(code).isEqualTo(ExitCodes.FAILURE);
      assertThat(run.err.toString()).contains("--http-addr").contains("" + taken.getLocalPort());
    }
  }

  @Test
  void serve_takesEveryValueFromTheEnvironment() throws Exception {
    Path db = dir.resolve("env.db");
    CliRun run =
        cli(
            Map.of(
                "SQLITEREST_DB_DSN", db + "?_busy_timeout=1234",
                "SQLITEREST_DB_CREATE", "true",
                "SQLITEREST_AUTH_DISABLED", "true",
                "SQLITEREST_HTTP_ADDR", "127.0.0.1:0",
                "SQLITEREST_METRICS_ADDR", "127.0.0.1:0",
                "SQLITEREST_SECURITY_ALLOW_TABLE", "books,authors",
                "SQLITEREST_CORS_ALLOWED_ORIGINS", "https://a.example,https://b.example",
                "SQLITEREST_MAX_BODY_BYTES", "1KiB",
                "SQLITEREST_SHUTDOWN_TIMEOUT", "1500ms",
                "SQLITEREST_ALLOW_TX_OVERRIDE", "true"));

    CompletableFuture<Integer> exit = run.start("serve");
    App app = run.awaitStarted();

    assertThat(app.config().database().path()).isEqualTo(db);
    assertThat(app.config().database().busyTimeout()).isEqualTo(Duration.ofMillis(1234));
    assertThat(app.config().auth()).isEmpty();
    assertThat(app.config().allowTables()).containsExactlyInAnyOrder("books", "authors");
    assertThat(app.config().corsAllowedOrigins())
        .containsExactly("https://a.example", "https://b.example");
    assertThat(app.config().maxBodyBytes()).isEqualTo(1024);
    assertThat(app.config().shutdownTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(app.config().allowTxOverride()).isTrue();
    assertThat(new Http(app.adminPort().orElseThrow()).get("/ready").statusCode()).isEqualTo(200);
    assertThat(db).exists();
    assertThat(run.stopAndWait(exit)).isEqualTo(ExitCodes.OK);
  }

  @Test
  void serve_flagsWinOverTheEnvironment() throws Exception {
    CliRun run =
        cli(
            Map.of(
                "SQLITEREST_DB_DSN", dir.resolve("from-env.db").toString(),
                "SQLITEREST_SECURITY_ALLOW_TABLE", "env_table",
                "SQLITEREST_METRICS_ADDR", "127.0.0.1:0"));

    CompletableFuture<Integer> exit =
        run.start(
            "serve",
            "--db-dsn",
            dir.resolve("from-flag.db").toString(),
            "--db-create",
            "--auth-disabled",
            "--http-addr",
            "127.0.0.1:0",
            "--metrics-addr",
            "",
            "--security-allow-table",
            "a",
            "--security-allow-table",
            "b,c");
    App app = run.awaitStarted();

    assertThat(app.config().database().path()).isEqualTo(dir.resolve("from-flag.db"));
    assertThat(app.config().allowTables()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(app.config().metricsAddr()).isEqualTo(Optional.empty());
    assertThat(app.adminPort()).isEmpty();
    assertThat(run.stopAndWait(exit)).isEqualTo(ExitCodes.OK);
  }

  @Test
  void serve_defaultsMatchSqliteRest() {
    CommandLine cl = Cli.commandLine(cli().context);
    cl.parseArgs("serve", "--db-dsn", "x.db", "--auth-disabled");
    ServeCommand serve = cl.getSubcommands().get("serve").getCommand();

    var config = serve.toConfig();
    assertThat(config.httpAddr().toString()).isEqualTo(":8080");
    assertThat(config.metricsAddr().orElseThrow().toString()).isEqualTo(":8081");
    assertThat(config.allowTables()).isEqualTo(Set.of());
    assertThat(config.corsAllowedOrigins()).isEmpty(); // see serve_corsDefault_…
    assertThat(config.maxBodyBytes()).isEqualTo(16L << 20);
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.allowTxOverride()).isFalse();
    assertThat(config.database().create()).isFalse();
  }

  @Test
  void serve_corsDefault_anyOriginWithAuth_offWithoutUnlessGiven() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t");
    CommandLine cl = Cli.commandLine(cli().context);
    cl.parseArgs("serve", "--db-dsn", "x.db", "--auth-token-file", secret.toString());
    ServeCommand serve = cl.getSubcommands().get("serve").getCommand();
    assertThat(serve.toConfig().corsAllowedOrigins()).containsExactly("*");

    cl = Cli.commandLine(cli().context);
    cl.parseArgs("serve", "--db-dsn", "x.db", "--auth-disabled");
    serve = cl.getSubcommands().get("serve").getCommand();
    assertThat(serve.toConfig().corsAllowedOrigins()).isEmpty();

    cl = Cli.commandLine(cli().context);
    cl.parseArgs("serve", "--db-dsn", "x.db", "--auth-disabled", "--cors-allowed-origins", "*");
    serve = cl.getSubcommands().get("serve").getCommand();
    assertThat(serve.toConfig().corsAllowedOrigins()).containsExactly("*");

    cl =
        Cli.commandLine(
            cli(Map.of("SQLITEREST_CORS_ALLOWED_ORIGINS", "http://localhost:3000")).context);
    cl.parseArgs("serve", "--db-dsn", "x.db", "--auth-disabled");
    serve = cl.getSubcommands().get("serve").getCommand();
    assertThat(serve.toConfig().corsAllowedOrigins()).containsExactly("http://localhost:3000");
  }

  @Test
  void serve_authDisabled_browsersOfOtherOriginsGetNoCorsGrant() throws Exception {
    CliRun run = cli();
    CompletableFuture<Integer> exit = run.start(localServe());
    try {
      Http api = new Http(run.awaitStarted().httpPort());

      var read = api.get("/books", "Origin", "https://evil.example");
      var preflight =
          api.send(
              "OPTIONS",
              "/books",
              java.net.http.HttpRequest.BodyPublishers.noBody(),
              "Origin",
              "https://evil.example",
              "Access-Control-Request-Method",
              "DELETE");

      assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
    } finally {
      assertThat(run.stopAndWait(exit)).isEqualTo(ExitCodes.OK);
    }
  }

  @Test
  void serve_maxRows_fromFlagOrEnvironment_reachesTheEngine() throws Exception {
    CommandLine cl = Cli.commandLine(cli(Map.of("SQLITEREST_MAX_ROWS", "500")).context);
    cl.parseArgs("serve", "--db-dsn", "x.db", "--auth-disabled");
    ServeCommand serve = cl.getSubcommands().get("serve").getCommand();
    assertThat(serve.toConfig().maxRows()).isEqualTo(500);

    Path db = dir.resolve("rows.db");
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY)");
      st.executeUpdate("INSERT INTO t VALUES (1), (2), (3)");
    }
    CliRun run = new CliRun(Map.of(), dir, Wiring.defaults());
    CompletableFuture<Integer> exit =
        run.start(
            "serve",
            "--db-dsn",
            db.toString(),
            "--auth-disabled",
            "--security-allow-table",
            "t",
            "--max-rows",
            "2",
            "--http-addr",
            "127.0.0.1:0",
            "--metrics-addr",
            "");
    try {
      var r = new Http(run.awaitStarted().httpPort()).get("/t", "Prefer", "count=exact");
      assertThat(r.statusCode()).isEqualTo(206);
      assertThat(r.headers().firstValue("Content-Range")).contains("0-1/3");
      assertThat(r.body()).isEqualTo("[{\"id\":1},{\"id\":2}]");
    } finally {
      assertThat(run.stopAndWait(exit)).isEqualTo(ExitCodes.OK);
    }
  }

  @Test
  void serve_emptyCorsOrigins_turnsCorsOff() {
    CommandLine cl = Cli.commandLine(cli().context);
    cl.parseArgs("serve", "--db-dsn", "x.db", "--auth-disabled", "--cors-allowed-origins", "");
    ServeCommand serve = cl.getSubcommands().get("serve").getCommand();

    assertThat(serve.toConfig().corsAllowedOrigins()).isEmpty();
  }

  @Test
  void globalLogFlags_areAcceptedBeforeAndAfterTheCommand() {
    CommandLine cl = Cli.commandLine(cli().context);
    cl.parseArgs("--log-level", "9", "serve", "--log-devel", "--db-dsn", "x.db");
    SqliteRestCommand root = cl.getCommand();

    LogSettings settings = root.logSettings(null, false);
    assertThat(settings.level()).isEqualTo(9);
    assertThat(settings.format()).isEqualTo(LogFormat.TEXT);
    assertThat(settings.logbackLevel()).isEqualTo("DEBUG");
  }

  /** The settings {@code args} give, on a terminal or not, with {@code env} as the environment. */
  private LogSettings logSettings(Map<String, String> env, boolean terminal, String... args) {
    CommandLine cl = Cli.commandLine(new CliRun(env, dir, Wiring.defaults()).context);
    CommandLine.ParseResult parse = cl.parseArgs(args);
    Object command = parse.subcommand().commandSpec().userObject();
    return cl.<SqliteRestCommand>getCommand().logSettings(command, terminal);
  }

  @Test
  void logFormat_textOnATerminal_jsonElsewhere_unlessAsked() {
    String[] serve = {"serve", "--db-dsn", "x.db"};
    assertThat(logSettings(Map.of(), true, serve).format()).isEqualTo(LogFormat.TEXT);
    assertThat(logSettings(Map.of(), false, serve).format()).isEqualTo(LogFormat.JSON);
    assertThat(logSettings(Map.of(), true, "--log-format", "json", "serve", "--db-dsn", "x.db"))
        .extracting(LogSettings::format, LogSettings::appender)
        .containsExactly(LogFormat.JSON, "JSON");
    assertThat(logSettings(Map.of(), false, "serve", "--log-format", "TEXT", "--db-dsn", "x"))
        .extracting(LogSettings::format, LogSettings::appender)
        .containsExactly(LogFormat.TEXT, "TEXT");
    assertThat(logSettings(Map.of("SQLITEREST_LOG_FORMAT", "json"), true, serve).format())
        .isEqualTo(LogFormat.JSON);
    assertThat(logSettings(Map.of("SQLITEREST_LOG_DEVEL", "true"), false, serve).format())
        .isEqualTo(LogFormat.TEXT);
  }

  @Test
  void logFormat_develAndJsonTogether_isAUsageError() {
    CliRun run = cli();
    int code = run.run("--log-devel", "--log-format", "json", "serve", "--db-dsn", "x.db");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err.toString()).contains("--log-devel means --log-format text");
  }

  @Test
  void demo_withoutALogLevel_logsWarningsAndRequestsOnly() {
    LogSettings demo = logSettings(Map.of(), true, "demo");
    assertThat(demo.requestsOnly()).isTrue();
    assertThat(demo.rootLevel()).isEqualTo("WARN");
    assertThat(demo.accessLevel()).isEqualTo("INFO");

    assertThat(logSettings(Map.of(), true, "demo", "--log-level", "5").requestsOnly()).isFalse();
    assertThat(logSettings(Map.of("SQLITEREST_LOG_LEVEL", "8"), true, "demo").requestsOnly())
        .isFalse();
    assertThat(logSettings(Map.of(), true, "serve", "--db-dsn", "x").requestsOnly()).isFalse();
  }

  @Test
  void serve_authAndSecurityExtras_mapToConfig() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "s3cr3t");
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "roles: {}\n");
    CommandLine cl = Cli.commandLine(cli(Map.of("SQLITEREST_PPROF_ADDR", "ignored:1")).context);
    cl.parseArgs(
        "serve",
        "--db-dsn",
        "x.db",
        "--auth-token-file",
        secret.toString(),
        "--auth-audience",
        "api",
        "--auth-role-claim",
        "$.app.role",
        "--auth-default-role",
        "web",
        "--security-policy-file",
        policy.toString(),
        "--pprof-addr",
        "127.0.0.1:6060");
    ServeCommand serve = cl.getSubcommands().get("serve").getCommand();

    var config = serve.toConfig();
    var auth = config.auth().orElseThrow();
    assertThat(auth.keys()).isEqualTo(new KeySource(KeySource.Kind.HMAC_SECRET, secret));
    assertThat(auth.audience()).contains("api");
    assertThat(auth.roleClaim()).isEqualTo("$.app.role");
    assertThat(auth.defaultRole()).isEqualTo("web");
    assertThat(config.policyFile()).contains(policy);
    assertThat(config.debugAddr().orElseThrow().toString()).isEqualTo("127.0.0.1:6060");
  }

  @Test
  void serve_debugAddrWithoutHost_bindsLoopbackOnly() {
    CommandLine cl = Cli.commandLine(cli().context);
    cl.parseArgs("serve", "--db-dsn", "x.db", "--auth-disabled", "--debug-addr", ":6060");
    ServeCommand serve = cl.getSubcommands().get("serve").getCommand();
    assertThat(serve.toConfig().debugAddr().orElseThrow().toString()).isEqualTo("127.0.0.1:6060");

    cl.parseArgs("serve", "--db-dsn", "x.db", "--auth-disabled", "--debug-addr", "0.0.0.0:6060");
    serve = cl.getSubcommands().get("serve").getCommand();
    assertThat(serve.toConfig().debugAddr().orElseThrow().toString()).isEqualTo("0.0.0.0:6060");
  }

  @Test
  void serve_policyFileAndAllowTable_isUsageError() throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "roles: {}\n");
    CliRun run = cli();

    int code =
        serveX(
            run,
            "--auth-disabled",
            "--security-policy-file",
            policy.toString(),
            "--security-allow-table",
            "books");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err.toString()).contains("not both");
  }

  @Test
  void serve_debugAddrFromEnvironment_servesThreadDumps() throws Exception {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      int port = probe.getLocalPort();
      probe.close();
      CliRun run = cli(Map.of("SQLITEREST_DEBUG_ADDR", "127.0.0.1:" + port));
      CompletableFuture<Integer> exit = run.start(localServe());
      run.awaitStarted();

      assertThat(new Http(port).get("/debug/threads").statusCode()).isEqualTo(200);
      assertThat(run.stopAndWait(exit)).isEqualTo(ExitCodes.OK);
    }
  }
}
