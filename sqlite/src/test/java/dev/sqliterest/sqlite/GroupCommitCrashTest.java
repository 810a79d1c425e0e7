package dev.sqliterest.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write a group-committing process acknowledged survives that process being killed (SIGKILL)
 * in the middle of later batches: nothing is acknowledged before its batch's COMMIT. (The page
 * cache survives a process kill, so this checks the acknowledgement order, not the fsync itself,
 * which synchronous=FULL leaves to SQLite.)
 */
final class GroupCommitCrashTest {

  @TempDir Path dir;

  @Test
  void acknowledgedWrites_surviveKill9() throws Exception {
    Path file = dir.resolve("crash.db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process writer =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                AckingWriter.class.getName(),
                file.toString(),
                "32")
            .redirectError(dir.resolve("writer.err").toFile())
            .start();
    Set<Long> acknowledged = new HashSet<>();
    long maxCommits = 0;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged.size() < 2_000 && (line = lines.readLine()) != null) {
        assertThat(line).startsWith("ack ");
        String[] parts = line.split(" ");
        acknowledged.add(Long.parseLong(parts[1]));
        maxCommits = Math.max(maxCommits, Long.parseLong(parts[2]));
      }
      writer.destroyForcibly(); // SIGKILL while the writers keep going
      assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).hasSize(2_000);
    assertThat(maxCommits)
        .as("the writes were group-committed (fewer COMMITs than acknowledged writes)")
        .isLessThan(2_000);

    Set<Long> stored = new HashSet<>();
    try (Database db = Database.open(DatabaseOptions.defaults(file))) {
      db.read(
          c -> {
            try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM t")) {
              while (rs.next()) {
                stored.add(rs.getLong(1));
              }
            }
            return null;
          });
    }
    assertThat(stored).containsAll(acknowledged);
  }
}
