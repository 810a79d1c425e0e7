package dev.sqliterest.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The official tools of the interop tests: locates what {@code interop/install.sh} installed (env
 * {@code SQLITEREST_INTEROP_DIR}, else {@code <repo root>/.interop}) and system tools, and runs
 * them to completion or in the background. A missing tool aborts the test locally and fails it when
 * {@code CI=true}.
 */
public final class OfficialTools {

  /** The output and exit code of a finished tool run. */
  public record Result(int exitCode, String output) {}

  private static final int TIMEOUT_SECONDS = 120;

  private OfficialTools() {}

  /** Where {@code interop/install.sh} put the tools. */
  public static Path interopDir() {
    String env = System.getenv("SQLITEREST_INTEROP_DIR");
    return env != null && !env.isBlank() ? Path.of(env) : RepoRoot.resolve(".interop");
  }

  /** The tool at {@code path}, or aborts (fails on CI) when it is missing. */
  public static Path require(Path path, String what) {
    requireThat(Files.isRegularFile(path), what + " not found at " + path);
    return path;
  }

  /** Aborts (locally) or fails (CI) with a loud reason when {@code present} is false. */
  public static void requireThat(boolean present, String what) {
    if (present) {
      return;
    }
    String msg =
        "OFFICIAL TOOL MISSING: "
            + what
            + " -- run interop/install.sh (or set SQLITEREST_INTEROP_DIR)";
    if ("true".equals(System.getenv("CI"))) {
      fail(msg);
    }
    Assumptions.abort(msg);
  }

  /** Official Litestream v0.5.17. */
  public static Path litestream() {
    return require(interopDir().resolve("bin/litestream"), "litestream v0.5.17");
  }

  /** Official Litestream v0.3.13 (legacy layout). */
  public static Path litestreamV3() {
    return require(interopDir().resolve("bin/litestream-v3"), "litestream v0.3.13");
  }

  /** The official Litestream VFS extension v0.5.17. */
  public static Path vfsExtension() {
    return require(interopDir().resolve("lib/litestream-vfs.so"), "litestream-vfs.so 0.5.17");
  }

  /** The golang-migrate CLI (the migration library inside sqlite-rest's Go binary). */
  public static Path golangMigrate() {
    return require(interopDir().resolve("bin/golang-migrate"), "golang-migrate");
  }

  /** The directory holding {@code node_modules/@supabase/postgrest-js}. */
  public static Path postgrestJs() {
    Path dir = interopDir().resolve("node");
    requireThat(
        Files.isDirectory(dir.resolve("node_modules/@supabase/postgrest-js")),
        "@supabase/postgrest-js in " + dir);
    return dir;
  }

  /**
   * The directory holding {@code node_modules/<module>} (a tool {@code interop/install.sh}
   * installs).
   */
  public static Path nodeModules(String module) {
    Path dir = interopDir().resolve("node");
    requireThat(
        Files.isDirectory(dir.resolve("node_modules").resolve(module)), module + " in " + dir);
    return dir;
  }

  /**
   * The {@code PYTHONPATH} of the Python tools {@code interop/install.sh} installs (it must hold
   * {@code module}).
   */
  public static Path pythonPath(String module) {
    Path dir = interopDir().resolve("python");
    requireThat(Files.isDirectory(dir.resolve(module)), "Python " + module + " in " + dir);
    return dir;
  }

  /** The {@code node} executable on PATH. */
  public static Path node() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "node");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    requireThat(false, "node (Node.js 20+) on PATH");
    throw new AssertionError("unreachable");
  }

  /** A tool from the system's bin directories (e.g. {@code sqlite3}). */
  public static Path systemTool(String name) {
    for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return require(Path.of("/usr/bin", name), name + " (Debian package " + name + ")");
  }

  /** Starts a long-running tool (e.g. {@code replicate}); stdout and stderr go to {@code log}. */
  public static Process start(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    return builder(command, env, null).redirectOutput(log.toFile()).start();
  }

  /** Stops a started tool with SIGTERM (Litestream then does a final sync) and waits for it. */
  public static void stop(Process p, Path log) throws IOException, InterruptedException {
    p.destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("official tool did not stop within 30 s:\n" + Files.readString(log));
    }
  }

  /**
   * The official {@code litestream restore -o out [-txid T] url}: the state at {@code txid}, or the
   * newest when it is negative.
   */
  public static Result litestreamRestore(String url, Path out, long txid)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(litestream().toString(), "restore"));
    if (txid >= 0) {
      command.addAll(List.of("-txid", String.format("%016x", txid)));
    }
    command.addAll(List.of("-o", out.toString(), url));
    return run(command, Map.of());
  }

  /** Runs a tool to completion (120 s timeout), stderr merged into stdout. */
  public static Result run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    return run(command, env, null, null);
  }

  /**
   * Runs a tool to completion (120 s timeout) with stdin from {@code input} (may be null) in {@code
   * workDir} (null: the current directory), stderr merged into stdout.
   */
  public static Result run(
      List<String> command, Map<String, String> env, byte[] input, Path workDir)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("official", ".out");
    try {
      Process p = builder(command, env, workDir).redirectOutput(out.toFile()).start();
      try (var stdin = p.getOutputStream()) {
        if (input != null) {
          stdin.write(input);
        }
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(
            "timed out after " + TIMEOUT_SECONDS + " s: " + command + "\n" + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static ProcessBuilder builder(
      List<String> command, Map<String, String> env, Path workDir) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    // a host-wide AWS_CA_BUNDLE makes Litestream's Go AWS SDK refuse to start ("unable to add
    // custom RootCAs"); the tests only talk plain HTTP to 127.0.0.1
    pb.environment().remove("AWS_CA_BUNDLE");
    pb.environment().putAll(env);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    return pb;
  }
}
