package dev.sqliterest.server.api;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the official tools installed by {@code interop/install.sh}: {@code
 * $SQLITEREST_INTEROP_DIR}, else {@code <repo root>/.interop}. A missing tool aborts the test
 * locally and fails it when {@code CI=true}.
 */
final class InteropTools {

  private InteropTools() {}

  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static Path interopDir() {
    String env = System.getenv("SQLITEREST_INTEROP_DIR");
    return env != null && !env.isBlank() ? Path.of(env) : repoRoot().resolve(".interop");
  }

  /** Aborts (locally) or fails (CI) with a loud reason when {@code condition} is false. */
  static void require(boolean condition, String what) {
    if (condition) {
      return;
    }
    String message = what + " is missing: run interop/install.sh (looked in " + interopDir() + ")";
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
  }

  /** The {@code node} executable on PATH, or null. */
  static String node() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "node");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
