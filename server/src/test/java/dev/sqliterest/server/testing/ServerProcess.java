package dev.sqliterest.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sqliterest.testing.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged executable ({@code server/target/sqlite-rest.jar}, built by {@code package} before
 * failsafe runs the {@code *IT} suites) as a process of its own, on ephemeral loopback ports, its
 * JSON log lines in a file. Signals are real: {@link #terminate()} sends SIGTERM, {@link #kill()}
 * SIGKILL.
 */
public final class ServerProcess implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path log;
  private int apiPort = -1;
  private int adminPort = -1;

  private ServerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The runnable jar the build packaged. */
  public static Path jar() {
    Path jar = RepoRoot.resolve("server/target/sqlite-rest.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: run the *IT suites through ./mvnw verify (they need the package)");
    }
    return jar;
  }

  /**
   * Starts {@code sqlite-rest serve} with {@code flags} (plus loopback port-0 listeners) and the
   * extra environment; stdout and stderr go to {@code log}. Returns at once: call {@link
   * #awaitListening()} or {@link #awaitExit(Duration)}.
   */
  public static ServerProcess serve(Path log, Map<String, String> env, List<String> flags)
      throws IOException {
    List<String> command = new ArrayList<>(java(log));
    command.addAll(List.of("serve", "--http-addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"));
    command.addAll(flags);
    return start(command, env, log);
  }

  /** Runs another command of the executable (e.g. {@code restore}) to completion. */
  public static Result run(Path log, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(java(log));
    command.addAll(List.of(args));
    ServerProcess p = start(command, env, log);
    int code = p.awaitExit(Duration.ofMinutes(2));
    return new Result(code, p.log());
  }

  /** Exit code and output of a finished command. */
  public record Result(int exitCode, String output) {}

  /**
   * The JVM command line. sqlite-jdbc extracts its native library to a uniquely named file that it
   * deletes at exit, which a killed process never reaches: it extracts beside {@code log}, into the
   * test's own directory, so the copies left by kill tests go with it.
   */
  private static List<String> java(Path log) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path nativeDir = log.toAbsolutePath().getParent();
    return List.of(
        java,
        "--enable-native-access=ALL-UNNAMED",
        "-Dorg.sqlite.tmpdir=" + nativeDir,
        "-jar",
        jar().toString());
  }

  private static ServerProcess start(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    // the tests talk plain HTTP to 127.0.0.1; a host-wide CA bundle only gets in the way
    pb.environment().remove("AWS_CA_BUNDLE");
    pb.environment().putAll(env);
    return new ServerProcess(pb.start(), log);
  }

  /** Waits for the "listening" line and reads the ports from it; fails if the process exits. */
  public ServerProcess awaitListening() {
    JsonNode line =
        awaitLine(l -> "listening".equals(l.path("message").asText()), Duration.ofSeconds(90))
            .orElseThrow(
                () ->
                    new AssertionError(
                        "serve did not log \"listening\" (exit "
                            + (process.isAlive() ? "none" : process.exitValue())
                            + "):\n"
                            + log()));
    apiPort = port(line.path("api").asText());
    adminPort = port(line.path("admin").asText());
    return this;
  }

  private static int port(String url) {
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }

  /**
   * Waits until a JSON log line matches (returns it), the process exits, or {@code timeout} passes
   * (both: empty).
   */
  public Optional<JsonNode> awaitLine(Predicate<JsonNode> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (true) {
      List<String> lines = lines();
      for (; seen < lines.size(); seen++) {
        JsonNode node = parse(lines.get(seen));
        if (node != null && match.test(node)) {
          return Optional.of(node);
        }
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  /** True when a JSON log line with this message was written. */
  public boolean hasLogged(String message) {
    return jsonLines().stream().anyMatch(l -> message.equals(l.path("message").asText()));
  }

  /** The JSON log lines so far (other lines, e.g. a JVM crash, are skipped). */
  public List<JsonNode> jsonLines() {
    List<JsonNode> out = new ArrayList<>();
    for (String l : lines()) {
      JsonNode node = parse(l);
      if (node != null) {
        out.add(node);
      }
    }
    return out;
  }

  private List<String> lines() {
    try {
      String text = Files.readString(log);
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String line) {
    if (!line.startsWith("{")) {
      return null;
    }
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return null;
    }
  }

  /** Everything the process printed so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Http api() {
    return new Http(apiPort);
  }

  public Http admin() {
    return new Http(adminPort);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM: a graceful stop. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL: the process dies at once, as in a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Waits for the exit and returns its code; fails after {@code timeout}. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("process did not exit within " + timeout + ":\n" + log());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
