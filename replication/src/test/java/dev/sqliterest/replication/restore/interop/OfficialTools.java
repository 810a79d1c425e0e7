package dev.sqliterest.replication.restore.interop;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the official Litestream binaries installed by {@code interop/install.sh} (env {@code
 * SQLITEREST_INTEROP_DIR}, else {@code <repo root>/.interop}) and runs them. A missing tool aborts
 * the test locally and fails it when {@code CI=true}.
 */
final class OfficialTools {

  /** The output and exit code of a finished run. */
  record Result(int exitCode, String output) {}

  private OfficialTools() {}

  static Path interopDir() {
    String env = System.getenv("SQLITEREST_INTEROP_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    return dir == null ? Path.of(".interop") : dir.resolve(".interop");
  }

  private static Path require(Path path, String what) {
    if (!Files.isRegularFile(path)) {
      String msg =
          "OFFICIAL TOOL MISSING: "
              + what
              + " not found at "
              + path
              + " -- run interop/install.sh (or set SQLITEREST_INTEROP_DIR)";
      if ("true".equals(System.getenv("CI"))) {
        fail(msg);
      }
      Assumptions.abort(msg);
    }
    return path;
  }

  /** Official Litestream v0.5.17. */
  static Path litestream() {
    return require(interopDir().resolve("bin/litestream"), "litestream v0.5.17");
  }

  /** Official Litestream v0.3.13. */
  static Path litestreamV3() {
    return require(interopDir().resolve("bin/litestream-v3"), "litestream v0.3.13");
  }

  /** Starts a long-running tool (e.g. {@code replicate}); output goes to {@code log}. */
  static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    // a host-wide AWS_CA_BUNDLE makes Litestream's Go AWS SDK refuse to start ("unable to add
    // custom RootCAs"); the tests only talk plain HTTP to 127.0.0.1
    pb.environment().remove("AWS_CA_BUNDLE");
    pb.environment().putAll(env);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  /** Stops a started tool with SIGTERM (Litestream then does a final sync) and waits for it. */
  static void stop(Process p, Path log) throws IOException, InterruptedException {
    p.destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("official litestream did not stop within 30 s:\n" + Files.readString(log));
    }
  }

  /** Runs a tool to completion (120 s timeout), stderr merged into stdout. */
  static Result run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("official", ".out");
    try {
      Process p = start(command, env, out);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("timed out after 120 s: " + command + "\n" + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
