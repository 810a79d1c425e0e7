package dev.sqliterest.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sqliterest.testing.OfficialTools;
import dev.sqliterest.testing.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real browser: {@code src/test/node/console-browser.cjs} drives Debian's {@code
 * chromium} through {@code playwright-core} (installed by {@code interop/install.sh}) against the
 * real server with tokens and replication on. It gives the token, filters a table, opens a row,
 * writes through the API and waits for the replication panel's replica TXID to advance. The
 * screenshots go to {@code server/target/console/}.
 */
final class ConsoleBrowserTest {

  @TempDir Path dir;

  @Test
  void filtersATable_showsTheCurl_andSeesReplicationAdvance() throws Exception {
    Path nodeDir = OfficialTools.nodeModules("playwright-core");
    Path chromium = OfficialTools.systemTool("chromium");
    Path shots = Files.createDirectories(RepoRoot.resolve("server/target/console"));
    JsonNode out;
    try (ConsoleServer server = new ConsoleServer(dir, c -> c)) {
      OfficialTools.Result run =
          OfficialTools.run(
              List.of(
                  OfficialTools.node().toString(),
                  RepoRoot.resolve("server/src/test/node/console-browser.cjs").toString(),
                  nodeDir.toString(),
                  server.base(),
                  server.token,
                  chromium.toString(),
                  shots.toString()),
              Map.of());
      assertThat(run.exitCode()).as(run.output()).isZero();
      String output = run.output();
      out = new ObjectMapper().readTree(output.substring(output.lastIndexOf("\n{") + 1));
    }

    assertThat(out.get("askedForToken").asBoolean()).isTrue();
    assertThat(texts(out.get("tables"))).containsExactly("authors", "books");
    assertThat(out.get("unfilteredRange").asText()).isEqualTo("rows 1–5 of 5");
    assertThat(out.get("filteredRange").asText()).isEqualTo("rows 1–2 of 2");
    assertThat(texts(out.get("titles")))
        .containsExactly("The Dispossessed", "A Wizard of Earthsea");
    assertThat(out.get("curl").asText())
        .contains("/books?year=gte.1900&order=year.desc&limit=25&offset=0")
        .contains("Authorization: Bearer $TOKEN");
    assertThat(out.get("row").get("title").asText()).isEqualTo("The Dispossessed");
    assertThat(out.get("rowCurl").asText()).contains("/books?id=eq.5");
    assertThat(out.get("replicaUrl").asText()).startsWith("file://");
    assertThat(out.get("insertStatus").asInt()).isEqualTo(201);
    assertThat(out.get("replicaTxidAfter").asLong())
        .isGreaterThan(out.get("replicaTxidBefore").asLong());
    assertThat(out.get("localTxidAfter").asLong())
        .isGreaterThanOrEqualTo(out.get("replicaTxidAfter").asLong());
    assertThat(out.get("sparklinePoints").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(texts(out.get("elsewhere"))).as("requests to other origins").isEmpty();
    assertThat(texts(out.get("consoleErrors")))
        .as("browser console errors (the one 401 is the page asking whether it needs a token)")
        .allMatch(e -> e.contains("401"))
        .hasSizeLessThanOrEqualTo(1);
    assertThat(shots.resolve("console-browse.png")).isNotEmptyFile();
    assertThat(shots.resolve("console-replication.png")).isNotEmptyFile();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
