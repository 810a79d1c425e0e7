package dev.sqliterest.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The real server (production wiring) on an ephemeral port, plus a separate JDBC connection that
 * changes the database behind its back, as sqlite-rest's integration harness does.
 */
final class LiveServer implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final App app;
  final Http http;
  final Path database;
  private final List<String> authHeaders;

  private LiveServer(App app, Path database, List<String> authHeaders) {
    this.app = app;
    this.http = new Http(app.httpPort());
    this.database = database;
    this.authHeaders = authHeaders;
  }

  /** Auth disabled (sqlite-rest's "in memory db" context). */
  static LiveServer withoutAuth(Path dir, Set<String> allowTables) throws Exception {
    return start(dir, allowTables, Optional.empty(), List.of());
  }

  /** HS256 tokens with a secret file; requests carry {@code Bearer token} by default. */
  static LiveServer withHmac(Path dir, Set<String> allowTables, Path secret, String token)
      throws Exception {
    return withAuth(dir, allowTables, AuthOptions.hmac(secret), token);
  }

  /** Tokens checked by {@code auth}; requests carry {@code Bearer token} by default. */
  static LiveServer withAuth(Path dir, Set<String> allowTables, AuthOptions auth, String token)
      throws Exception {
    return start(dir, allowTables, Optional.of(auth), List.of("Authorization", "Bearer " + token));
  }

  private static LiveServer start(
      Path dir, Set<String> allowTables, Optional<AuthOptions> auth, List<String> authHeaders)
      throws Exception {
    Path db = dir.resolve("test.db");
    ServeConfig config =
        ServeConfig.loopback(DatabaseOptions.defaults(db).withCreate(true), allowTables)
            .withAuth(auth);
    return new LiveServer(App.start(config, Wiring.defaults()), db, authHeaders);
  }

  /** The real server with {@code config} (its database must exist or be created by it). */
  static LiveServer start(ServeConfig config) throws Exception {
    return new LiveServer(
        App.start(config, Wiring.defaults()), config.database().path(), List.of());
  }

  /** Runs statements on a connection of its own (not the server's). */
  void sql(String... statements) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.executeUpdate(s);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("sql " + String.join("; ", statements), e);
    }
  }

  /** GET with the context's credentials and the extra headers. */
  HttpResponse<String> get(String pathAndQuery, String... headers) {
    return http.get(pathAndQuery, with(headers));
  }

  /** Any method with a body, the context's credentials and the extra headers. */
  HttpResponse<String> send(String method, String pathAndQuery, String body, String... headers) {
    return http.send(
        method,
        pathAndQuery,
        java.net.http.HttpRequest.BodyPublishers.ofString(body),
        with(headers));
  }

  HttpResponse<String> head(String pathAndQuery, String... headers) {
    return http.head(pathAndQuery, with(headers));
  }

  private String[] with(String... headers) {
    List<String> all = new ArrayList<>(authHeaders);
    all.addAll(List.of(headers));
    return all.toArray(String[]::new);
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("parse " + response.body(), e);
    }
  }

  /** The values of one field of every row of a JSON array response. */
  static List<String> column(HttpResponse<String> response, String field) {
    List<String> values = new ArrayList<>();
    for (JsonNode row : json(response)) {
      values.add(row.get(field).asText());
    }
    return values;
  }

  @Override
  public void close() throws Exception {
    app.close();
  }
}
