package dev.sqliterest.ltx.interop;

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
 * Locates the official tools installed by {@code interop/install.sh} (env {@code
 * SQLITEREST_INTEROP_DIR}, else {@code <repo root>/.interop}) and runs them with a timeout. A
 * missing tool aborts the test locally and fails it when {@code CI=true}.
 */
final class InteropTools {

  /** The output and exit code of a finished tool run. */
  record Result(int exitCode, String output) {}

  private InteropTools() {}

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

  /** The tool at {@code path}, or aborts (fails on CI) when it is missing. */
  static Path require(Path path, String what) {
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

  static Path litestream() {
    return require(interopDir().resolve("bin/litestream"), "litestream v0.5.17");
  }

  static Path vfsExtension() {
    return require(interopDir().resolve("lib/litestream-vfs.so"), "litestream-vfs.so 0.5.17");
  }

  static Path systemTool(String name) {
    for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return require(Path.of("/usr/bin", name), name + " (Debian package " + name + ")");
  }

  /** Runs a command with stdin from {@code input} (may be null), stderr merged into stdout. */
  static Result run(List<String> command, Map<String, String> env, byte[] input, Path workDir)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    Path out = Files.createTempFile("interop", ".out");
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    try (var stdin = p.getOutputStream()) {
      if (input != null) {
        stdin.write(input);
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out after 120 s: " + command + "\n" + Files.readString(out));
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    return new Result(p.exitValue(), text);
  }
}
