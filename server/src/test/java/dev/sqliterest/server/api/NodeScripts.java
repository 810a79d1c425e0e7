package dev.sqliterest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sqliterest.testing.OfficialTools;
import dev.sqliterest.testing.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the Node.js scripts of {@code server/src/test/node/} and reads the JSON they print. */
final class NodeScripts {

  private NodeScripts() {}

  /** The {@code .interop/node} directory holding {@code @supabase/postgrest-js}, or a skip/fail. */
  static Path postgrestJs() {
    return OfficialTools.postgrestJs();
  }

  /**
   * Runs {@code script} with {@code args}; its stderr goes to a file in {@code dir}, shown when it
   * fails.
   */
  static JsonNode run(Path dir, String script, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(OfficialTools.node().toString());
    command.add(RepoRoot.resolve("server/src/test/node/" + script).toString());
    command.addAll(List.of(args));
    Path stderr = dir.resolve(script + ".err");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    byte[] stdout = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(script + " finished").isTrue();
    assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
    return LiveServer.JSON.readTree(stdout);
  }
}
