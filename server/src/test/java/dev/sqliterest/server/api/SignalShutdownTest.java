package dev.sqliterest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sqlite-rest serve} as a separate process: SIGTERM (and SIGINT) with requests in flight
 * lets them finish, closes the database and exits with 0; {@code --log-devel} switches the JSON
 * lines to human ones.
 */
final class SignalShutdownTest {

  @TempDir Path dir;
  private Process process;
  private Path outputFile;

  @AfterEach
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /** Starts serve in a JVM of its own and returns its "listening" log line. */
  private JsonNode startServe() throws Exception {
    return LiveServer.JSON.readTree(startServe("--log-level", "5"));
  }

  /** Starts serve with the global flags given and returns the line that says "listening". */
  private String startServe(String... globalFlags) throws Exception {
    Path db = dir.resolve("s.db");
    outputFile = dir.resolve("serve.out");
    // a view that takes a while to compute: requests for it are in flight for a few seconds
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.createStatement()
          .executeUpdate(
              "CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
                  + " WHERE x < 4000000) SELECT count(*) AS n FROM c");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String logback = Path.of(getClass().getResource("/logback.xml").toURI()).toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Dlogback.configurationFile=" + logback,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.sqliterest.server.cli.Main"));
    command.addAll(List.of(globalFlags));
    command.addAll(
        List.of(
            "serve",
            "--db-dsn",
            db.toString(),
            "--auth-disabled",
            "--http-addr",
            "127.0.0.1:0",
            "--metrics-addr",
            "127.0.0.1:0",
            "--security-allow-table",
            "slow",
            "--shutdown-timeout",
            "30s"));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(outputFile.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && process.isAlive()) {
      for (String line : Files.readAllLines(outputFile)) {
        if (line.contains("listening")) {
          return line;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("serve did not log \"listening\": " + Files.readString(outputFile));
  }

  /**
   * Waits until the server's thread dump shows {@code requests} API requests being handled (running
   * or queued for a reader connection), so the signal surely finds them in flight.
   */
  private void awaitHandling(int requests) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int handling = 0;
    for (int n = 0; System.nanoTime() < deadline; n++) {
      Path dump = dir.resolve("threads-" + n + ".txt");
      Process p =
          new ProcessBuilder(
                  jcmd.toString(),
                  Long.toString(process.pid()),
                  "Thread.dump_to_file",
                  dump.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // one "#<id> ..." block per thread; a request's block has the API handler on its stack
      handling = 0;
      for (String thread : Files.readString(dump).split("\n(?=#)")) {
        if (thread.contains("ApiHttpHandler.handle")) {
          handling++;
        }
      }
      if (handling >= requests) {
        return;
      }
    }
    throw new AssertionError(
        "only " + handling + " of " + requests + " requests reached the server within 60 s");
  }

  /** Everything the process printed, once it has exited. */
  private String log() throws Exception {
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return Files.readString(outputFile);
  }

  @Test
  void sigterm_requestsInFlightFinish_exitCode0() throws Exception {
    String api = startServe().get("api").asText();
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    // more requests than reader connections: some wait for a reader, all are in flight
    for (int i = 0; i < 6; i++) {
      inFlight.add(
          client.sendAsync(
              HttpRequest.newBuilder(URI.create(api + "/slow"))
                  .header("X-Request-Id", "in-flight-" + i)
                  .build(),
              BodyHandlers.ofString()));
    }
    awaitHandling(inFlight.size());

    process.destroy(); // SIGTERM

    String log = log();
    for (int i = 0; i < inFlight.size(); i++) {
      String id = "in-flight-" + i;
      HttpResponse<String> r =
          inFlight
              .get(i)
              .exceptionally(
                  e -> {
                    throw new AssertionError(id + " failed: " + e + "\n" + log, e);
                  })
              .get();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("[{\"n\":4000000}]");
    }
    assertThat(process.exitValue()).as(log).isZero();
    assertThat(log).contains("\"message\":\"stopped\"");
  }

  @Test
  void sigint_idleServer_exitCode0() throws Exception {
    startServe();

    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

    String log = log();
    assertThat(process.exitValue()).as(log).isZero();
    assertThat(log).contains("\"message\":\"stopped\"");
  }

  @Test
  void logDevel_printsHumanLinesWithKeyValues() throws Exception {
    String listening = startServe("--log-devel");

    assertThat(listening).doesNotStartWith("{").contains("listening", "api=", "db=");
    process.destroy();
    String log = log();
    assertThat(process.exitValue()).as(log).isZero();
    assertThat(log.lines().filter(l -> l.startsWith("{"))).isEmpty();
    assertThat(log).contains("stopped");
  }
}
