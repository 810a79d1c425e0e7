package dev.sqliterest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * What a postgrest-js script of {@code src/test/node/} printed: for every case {@code {data, error,
 * count, status}}, or {@code {thrown}} when the client threw.
 */
record ClientResults(JsonNode cases) {

  /**
   * Runs {@code script} with the real client against {@code server}, authenticated by {@code
   * token}.
   */
  static ClientResults run(Path dir, String script, LiveServer server, String token)
      throws Exception {
    return new ClientResults(
        NodeScripts.run(
            dir,
            script,
            NodeScripts.postgrestJs().toString(),
            "http://127.0.0.1:" + server.app.httpPort(),
            token));
  }

  /** A case the client ran without throwing (its answer may be an error). */
  JsonNode result(String name) {
    JsonNode r = cases.get(name);
    assertThat(r).as(name).isNotNull();
    assertThat(r.has("thrown")).as(name + ": " + r).isFalse();
    return r;
  }

  /** The data of a case that must have succeeded. */
  JsonNode data(String name) {
    JsonNode r = result(name);
    assertThat(r.get("error").isNull()).as(name + ": " + r).isTrue();
    return r.get("data");
  }
}
