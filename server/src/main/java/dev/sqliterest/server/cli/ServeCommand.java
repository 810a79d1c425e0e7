package dev.sqliterest.server.cli;

import dev.sqliterest.server.App;
import dev.sqliterest.server.AppStartException;
import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.server.auth.KeySource;
import dev.sqliterest.server.config.ApiFeatures;
import dev.sqliterest.server.config.ConfigException;
import dev.sqliterest.server.config.DatabaseDsn;
import dev.sqliterest.server.config.HttpLimits;
import dev.sqliterest.server.config.ListenAddress;
import dev.sqliterest.server.config.ServeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code sqlite-rest serve}: sqlite-rest's flags and defaults, plus operational ones. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve a SQLite database over a PostgREST-compatible REST API.",
      "",
      "The API is at /{table_or_view} on --http-addr; /live, /ready and /metrics are on",
      "--metrics-addr. SIGTERM/SIGINT stop it gracefully: requests in flight finish,",
      "then the database is closed and the exit code is 0."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  # HMAC (HS256) tokens; serve two tables",
      "  sqlite-rest serve --db-dsn ./books.db --auth-token-file ./secret \\",
      "      --security-allow-table books,authors",
      "  # RSA (RS256) tokens; the DSN may carry mattn/go-sqlite3 parameters",
      "  sqlite-rest serve --db-dsn './books.db?_busy_timeout=10000' \\",
      "      --auth-rsa-public-key ./key.pub --security-allow-table books",
      "  # tokens from an identity provider: save its JWKS, refresh the file to rotate",
      "  curl -o jwks.json https://idp.example/.well-known/jwks.json",
      "  sqlite-rest serve --db-dsn ./books.db --auth-jwks-file ./jwks.json",
      "  # replicate every commit to S3 (or file:///dir) in Litestream's layout",
      "  sqlite-rest serve --db-dsn ./books.db --auth-token-file ./secret \\",
      "      --replication-enabled --replication-replica-url s3://my-bucket/books",
      "  # a read replica of that replica: reads only, writes get 405",
      "  sqlite-rest serve --db-dsn ./follower.db --auth-token-file ./secret \\",
      "      --replication-follow s3://my-bucket/books --replication-primary-url http://primary:8080",
      "  # local use without tokens, new empty database, no metrics listener",
      "  sqlite-rest serve --db-dsn ./dev.db --db-create --auth-disabled --metrics-addr ''",
      "  # settings from a file (also an existing litestream.yml), a flag on top",
      "  sqlite-rest serve --config ./sqlite-rest.yml --log-level 8",
      "  # the same through the environment",
      "  SQLITEREST_DB_DSN=./books.db SQLITEREST_AUTH_TOKEN_FILE=./secret sqlite-rest serve"
    })
public final class ServeCommand implements Callable<Integer> {

  @ParentCommand SqliteRestCommand root;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML file of settings: serve's flags as keys without the -- (db-dsn: ./books.db),"
              + " and litestream.yml's dbs, snapshot, levels, addr and logging, so a Litestream"
              + " configuration for this database works as it is. $${VAR} is expanded; flags and"
              + " SQLITEREST_* variables override the file (docs/DEPLOYMENT.md).")
  Path configFile;

  @Option(
      names = "--db-dsn",
      paramLabel = "DSN",
      description =
          "SQLite database to serve: a file path, or a mattn/go-sqlite3 style DSN such as"
              + " books.db?_busy_timeout=10000 or file:books.db?mode=ro. Parameters:"
              + " mode=ro|rw|rwc, _busy_timeout, _synchronous, _journal_mode=WAL, _foreign_keys=1,"
              + " _txlock=immediate, _query_only, cache=private.")
  String dbDsn;

  @Option(
      names = "--db-create",
      description = "Create the database file if it does not exist (otherwise that is an error).")
  boolean dbCreate;

  @Mixin ListenFlags listen = new ListenFlags();

  @Option(
      names = "--auth-token-file",
      paramLabel = "FILE",
      description = "HMAC secret file: accept HS256/384/512 tokens signed with its bytes.")
  Path authTokenFile;

  @Option(
      names = "--auth-rsa-public-key",
      paramLabel = "FILE",
      description = "PEM RSA public key file: accept RS256/384/512 and PS256/384/512 tokens.")
  Path authRsaPublicKey;

  @Option(
      names = "--auth-jwks-file",
      paramLabel = "FILE",
      description =
          "JSON Web Key Set file, as an identity provider publishes it at its jwks_uri: accept"
              + " tokens signed by its RSA (RS*, PS*), EC (ES256/384/512) or oct (HS*) keys; a"
              + " token's kid picks the key. Save the provider's JWKS here and replace the file"
              + " to rotate keys.")
  Path authJwksFile;

  @Option(
      names = "--auth-disabled",
      description =
          "Serve without authentication (logs a warning). For local use only; otherwise exactly"
              + " one of --auth-token-file, --auth-rsa-public-key and --auth-jwks-file is"
              + " required.")
  boolean authDisabled;

  @Option(
      names = "--auth-audience",
      paramLabel = "AUD",
      description = "When set, a token that carries aud must include AUD (PostgREST's rule).")
  String authAudience;

  @Option(
      names = "--auth-role-claim",
      paramLabel = "PATH",
      defaultValue = AuthOptions.DEFAULT_ROLE_CLAIM,
      description =
          "Where the token's role is, e.g. role, $.app_metadata.role, realm_access.roles[0]."
              + " Default: ${DEFAULT-VALUE}.")
  String authRoleClaim;

  @Option(
      names = "--auth-default-role",
      paramLabel = "ROLE",
      defaultValue = AuthOptions.DEFAULT_ROLE,
      description = "Role of a valid token without the role claim. Default: ${DEFAULT-VALUE}.")
  String authDefaultRole;

  @Option(
      names = "--security-allow-table",
      paramLabel = "TABLE",
      split = ",",
      description =
          "Tables and views the API serves (comma list, repeatable); requests for any other"
              + " get 403 \"Access Restricted\". Default: none.")
  List<String> allowTables = new ArrayList<>();

  @Option(
      names = "--security-policy-file",
      paramLabel = "FILE",
      description =
          "YAML grants of tables, verbs and columns per token role; replaces"
              + " --security-allow-table (see docs/SECURITY_AND_OPERATIONS.md).")
  Path securityPolicyFile;

  @Option(
      names = "--cors-allowed-origins",
      paramLabel = "ORIGIN",
      split = ",",
      description =
          "Origins allowed by CORS (comma list, e.g. https://app.example); * allows any, empty"
              + " turns CORS off. Default: *, but off with --auth-disabled, so that a web page"
              + " cannot reach an unauthenticated server through the browser; name origins"
              + " here to allow them anyway.")
  List<String> corsAllowedOrigins;

  @Option(
      names = "--max-rows",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Most rows one read returns, and one embedded array holds (PostgREST's db-max-rows);"
              + " a larger result is cut and Content-Range shows it (with Prefer: count=exact,"
              + " 0-999/5000 and status 206). Bounds what one request can make the server hold."
              + " 0: no cap. Default: ${DEFAULT-VALUE}.")
  long maxRows;

  @Option(
      names = "--aggregates-enabled",
      description =
          "Allow count(), sum(), avg(), min() and max() in select, grouped by the other selected"
              + " columns (select=genre,price.sum()); PostgREST's db-aggregates-enabled. Off by"
              + " default, as there: one aggregate can make the server read a whole table.")
  boolean aggregatesEnabled;

  @Option(
      names = "--plans-enabled",
      description =
          "Answer 'Accept: application/vnd.pgrst.plan[+json]' on reads with SQLite's EXPLAIN"
              + " QUERY PLAN instead of rows; PostgREST's db-plan-enabled. Off by default (the"
              + " media type is then a 406): plans show tables, indexes and columns.")
  boolean plansEnabled;

  @Option(
      names = "--max-body-bytes",
      paramLabel = "SIZE",
      converter = Converters.Bytes.class,
      description =
          "Larger request bodies get 413 (bytes, or e.g. 512KiB, 16MiB). Default: "
              + "${DEFAULT-VALUE}.")
  long maxBodyBytes;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      converter = Converters.GoDuration.class,
      description =
          "How long a graceful shutdown waits for requests in flight (e.g. 500ms, 30s). "
              + "Default: ${DEFAULT-VALUE}.")
  Duration shutdownTimeout;

  @Option(
      names = "--http-header-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = Converters.GoDuration.class,
      description =
          "Close a connection that has not sent a request's complete headers this long after it"
              + " opened or after its previous response: a client dribbling headers (slowloris)"
              + " cannot hold connections, and idle keep-alive connections close after it too."
              + " Applies to --metrics-addr as well. Default: ${DEFAULT-VALUE}.")
  Duration httpHeaderTimeout;

  @Option(
      names = "--http-max-connections",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Most connections each listener holds at once; further clients wait to be accepted"
              + " (and idle ones are closed sooner while at the cap). Default: ${DEFAULT-VALUE}.")
  int httpMaxConnections;

  @Option(
      names = "--allow-tx-override",
      description = "Honour 'Prefer: tx=rollback' (run a write and roll it back), as PostgREST.")
  boolean allowTxOverride;

  @Option(
      names = {"--debug-addr", "--pprof-addr"},
      paramLabel = "ADDR",
      description =
          "Serve thread dumps and JFR recordings at /debug/, without authentication. :PORT"
              + " binds 127.0.0.1 only; name a host (0.0.0.0:6060) to expose it, on a private"
              + " network only. --pprof-addr is sqlite-rest's name. Default: off.")
  String debugAddr;

  @Option(
      names = "--console",
      arity = "0..1",
      paramLabel = "BOOL",
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Serve the browser console at /_console/: the tables a token may read, rows with"
              + " filters and the equivalent curl, and replication health. It asks for a token"
              + " (unless --auth-disabled) and loads nothing from other sites."
              + " --console=false turns it off. Default: ${DEFAULT-VALUE}.")
  boolean console;

  @Mixin ReplicationFlags replication = new ReplicationFlags();

  @Mixin ReplicationRestoreFlags restore = new ReplicationRestoreFlags();

  @Mixin FollowFlags follow = new FollowFlags();

  /** The validated configuration these flags describe. */
  ServeConfig toConfig() {
    return new ServeConfig(
        DatabaseDsn.parse(dbDsn, dbCreate),
        listen.httpAddr(),
        listen.metricsAddr(),
        authOptions(),
        nonBlank(allowTables),
        policyFile(),
        shutdownTimeout,
        maxBodyBytes,
        corsAllowedOrigins(),
        allowTxOverride,
        ListenAddress.parseOptional("--debug-addr", debugAddr)
            .map(ListenAddress::loopbackUnlessHostGiven),
        new HttpLimits(httpHeaderTimeout, httpMaxConnections),
        maxRows,
        replication.toConfig(restore),
        new ApiFeatures(plansEnabled, aggregatesEnabled),
        console,
        follow.toConfig());
  }

  /** The auth flags together: exactly one key source, or none with --auth-disabled. */
  Optional<AuthOptions> authOptions() {
    List<KeySource> sources = new ArrayList<>();
    if (authTokenFile != null) {
      sources.add(new KeySource(KeySource.Kind.HMAC_SECRET, authTokenFile));
    }
    if (authRsaPublicKey != null) {
      sources.add(new KeySource(KeySource.Kind.RSA_PUBLIC_KEY, authRsaPublicKey));
    }
    if (authJwksFile != null) {
      sources.add(new KeySource(KeySource.Kind.JWKS, authJwksFile));
    }
    if (authDisabled) {
      if (!sources.isEmpty()) {
        throw new ConfigException(
            "--auth-disabled cannot be combined with " + sources.getFirst().flag());
      }
      return Optional.empty();
    }
    // the first two messages are sqlite-rest's, so scripts grepping for them keep working
    if (sources.isEmpty()) {
      throw new ConfigException(
          "specifies at least --auth-rsa-public-key or --auth-token-file (or --auth-jwks-file, or"
              + " --auth-disabled)");
    }
    if (sources.size() > 1) {
      throw new ConfigException(
          "cannot specific "
              + String.join(" and ", sources.stream().map(KeySource::flag).toList())
              + " at the same time");
    }
    KeySource keys = sources.getFirst();
    requireReadable(keys.flag(), keys.file());
    try {
      return Optional.of(
          new AuthOptions(
              keys,
              Optional.ofNullable(authAudience).filter(a -> !a.isBlank()),
              authRoleClaim,
              authDefaultRole,
              AuthOptions.DEFAULT_LEEWAY));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /** As given; when not given, any origin ({@code *}), or none when authentication is off. */
  private List<String> corsAllowedOrigins() {
    if (corsAllowedOrigins == null) {
      return authDisabled ? List.of() : List.of("*");
    }
    return List.copyOf(nonBlank(corsAllowedOrigins));
  }

  private Optional<Path> policyFile() {
    if (securityPolicyFile == null) {
      return Optional.empty();
    }
    if (!nonBlank(allowTables).isEmpty()) {
      throw new ConfigException(
          "use either --security-policy-file or --security-allow-table, not both (the policy"
              + " file names the tables of each role)");
    }
    requireReadable("--security-policy-file", securityPolicyFile);
    return Optional.of(securityPolicyFile);
  }

  private static void requireReadable(String flag, Path file) {
    if (file != null && (!Files.isRegularFile(file) || !Files.isReadable(file))) {
      throw new ConfigException(flag + ": cannot read file " + file);
    }
  }

  private static LinkedHashSet<String> nonBlank(List<String> values) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String v : values) {
      if (!v.isBlank()) {
        out.add(v.strip());
      }
    }
    return out;
  }

  @Override
  public Integer call() throws AppStartException, InterruptedException {
    CliContext context = root.context();
    return Serving.run(context, App.start(toConfig(), context.wiring()));
  }
}
