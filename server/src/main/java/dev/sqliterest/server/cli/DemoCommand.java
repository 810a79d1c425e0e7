package dev.sqliterest.server.cli;

import dev.sqliterest.server.App;
import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.server.config.ApiFeatures;
import dev.sqliterest.server.config.HttpLimits;
import dev.sqliterest.server.config.ReplicationConfig;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sqlite-rest demo}: creates the bookstore example (database and HMAC secret under {@code
 * demo/}) if missing, serves it with {@code books}, {@code authors} and the view {@code
 * books_with_authors} allowed, and prints a token and curl commands to try.
 *
 * <p>To extend the demo (e.g. with a replica), add to {@link #config} and {@link #printGuide}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve the bookstore example and print a token and curl commands to try.",
      "",
      "Creates demo/bookstore.db (books, authors, a view) and demo/jwt-secret if they",
      "are missing, serves them on :8080 with those tables allowed, replicates the",
      "database continuously to the file replica demo/replica (Litestream v0.5 layout)",
      "and prints a ready-to-use token and the commands that restore the replica.",
      "Stop it with Ctrl-C."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sqlite-rest demo",
      "  sqlite-rest demo --http-addr :9090 --metrics-addr '' --dir /tmp/demo"
    })
public final class DemoCommand implements Callable<Integer> {

  @ParentCommand SqliteRestCommand root;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "demo",
      description = "Where the demo database and secret live. Default: ${DEFAULT-VALUE}.")
  Path dir;

  @Mixin ListenFlags listen = new ListenFlags();

  @Override
  public Integer call() throws Exception {
    CliContext context = root.context();
    Path home = context.workingDirectory().resolve(dir).normalize();
    Path database = DemoBookstore.ensure(home);
    Path secret = DemoCredentials.ensureSecret(home);
    Path replica = home.resolve("replica");
    App app = App.start(config(database, secret, replica), context.wiring());
    printGuide(context.out(), app, DemoCredentials.token(secret, Instant.now()), database);
    printReplication(context.out(), replica);
    context.out().println();
    context.out().println("Stop with Ctrl-C.");
    context.out().flush();
    return Serving.run(context, app);
  }

  /** The server configuration of the demo: replicated to {@code replica}, a directory. */
  ServeConfig config(Path database, Path secret, Path replica) {
    return new ServeConfig(
        DatabaseOptions.defaults(database),
        listen.httpAddr(),
        listen.metricsAddr(),
        Optional.of(AuthOptions.hmac(secret)),
        Set.copyOf(DemoBookstore.TABLES),
        Optional.empty(),
        ServeConfig.DEFAULT_SHUTDOWN_TIMEOUT,
        ServeConfig.DEFAULT_MAX_BODY_BYTES,
        List.of("*"),
        false,
        Optional.empty(),
        HttpLimits.DEFAULTS,
        0,
        Optional.of(ReplicationConfig.fileReplica(replica)),
        ApiFeatures.NONE,
        true,
        Optional.empty());
  }

  private static void printReplication(PrintWriter out, Path replica) {
    out.println("Replicating continuously to " + replica.toUri() + " (Litestream v0.5 layout).");
    out.println("Restore it into a new file with either of:");
    out.println("  sqlite-rest restore -o restored.db " + replica.toUri());
    out.println("  litestream restore -o restored.db " + replica.toUri());
    out.flush();
  }

  private static void printGuide(PrintWriter out, App app, String token, Path database) {
    String base = "http://localhost:" + app.httpPort();
    String auth = "-H \"Authorization: Bearer $TOKEN\"";
    out.println();
    out.println("sqlite-rest demo: serving " + database + " at " + base);
    out.println("  tables: books, authors; view: books_with_authors");
    app.adminPort()
        .ifPresent(
            p -> out.println("  health and metrics: http://localhost:" + p + "/ready, /metrics"));
    out.println();
    out.println("export TOKEN=" + token);
    out.println();
    out.println("curl " + auth + " '" + base + "/books?select=title,year&order=year.desc&limit=3'");
    out.println(
        "curl " + auth + " '" + base + "/books?genre=eq.science%20fiction&select=id,title,price'");
    out.println(
        "curl "
            + auth
            + " -H 'Prefer: count=exact' '"
            + base
            + "/books_with_authors?country=eq.GB&select=title,author&order=title'");
    out.println();
    out.println("Or open " + base + "/_console/ in a browser and paste the token.");
    out.println();
    out.flush();
  }
}
