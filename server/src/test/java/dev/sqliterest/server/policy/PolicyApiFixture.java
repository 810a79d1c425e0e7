package dev.sqliterest.server.policy;

import dev.sqliterest.rest.HttpRequestData;
import dev.sqliterest.rest.HttpRequestData.Principal;
import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.rest.RestApi;
import dev.sqliterest.rest.RestApiOptions;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real database and the API engine under a role policy loaded from YAML, for the policy tests.
 */
final class PolicyApiFixture implements AutoCloseable {

  private final Database db;
  private final RestApi api;

  /** Creates {@code t.db} in {@code dir}, runs {@code sql}, and loads {@code policyYaml}. */
  PolicyApiFixture(Path dir, String policyYaml, String... sql) throws Exception {
    db = Database.open(DatabaseOptions.defaults(dir.resolve("t.db")).withCreate(true));
    db.write(
        c -> {
          try (Statement st = c.createStatement()) {
            for (String statement : sql) {
              st.executeUpdate(statement);
            }
          }
          return null;
        });
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, policyYaml);
    api = new RestApi(db, RestApiOptions.defaults(PolicyFile.load(file)));
  }

  /**
   * A request as {@code role}; {@code body} null for none; {@code headers} as name, value pairs.
   */
  HttpResponseData call(
      String role, String method, String path, String query, String body, String... headers) {
    Map<String, List<String>> map = new HashMap<>();
    if (body != null) {
      map.put("content-type", List.of("application/json"));
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      map.put(headers[i], List.of(headers[i + 1]));
    }
    return api.handle(
        new HttpRequestData(
            method,
            path,
            query,
            map,
            body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
            new Principal(role, Map.of())));
  }

  /** The database, for reading back what a request did. */
  Database db() {
    return db;
  }

  static String text(HttpResponseData r) {
    return new String(r.body().toBytes(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    db.close();
  }
}
