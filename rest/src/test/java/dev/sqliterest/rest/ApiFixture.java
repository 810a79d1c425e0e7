package dev.sqliterest.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A real SQLite database in a temp directory with a {@link RestApi} over it. */
final class ApiFixture implements AutoCloseable {

  static final ObjectMapper MAPPER = new ObjectMapper();

  final Path file;
  final Database db;
  RestApi api;

  ApiFixture(Path dir) throws SQLException {
    this(dir, options -> options);
  }

  ApiFixture(Path dir, java.util.function.UnaryOperator<RestApiOptions> configure)
      throws SQLException {
    file = dir.resolve("test.db");
    db = Database.open(DatabaseOptions.defaults(file).withCreate(true).withReaders(2));
    api = new RestApi(db, configure.apply(RestApiOptions.defaults(AllowListPolicy.allowAll())));
  }

  /**
   * A fixture whose engine has read the schema once before any table exists, as a server that was
   * running before its tables were created (sqlite-rest's own suite works that way).
   */
  static ApiFixture startedBeforeTheTables(Path dir) throws SQLException {
    ApiFixture f = new ApiFixture(dir);
    f.get("/test").send();
    return f;
  }

  /** Runs DDL/DML through a separate connection, as another process would. */
  ApiFixture sql(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.executeUpdate(s);
      }
    }
    return this;
  }

  /** Rows of a query as lists of values, through a separate connection. */
  List<List<Object>> query(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  Call get(String pathAndQuery) {
    return new Call("GET", pathAndQuery);
  }

  Call call(String method, String pathAndQuery) {
    return new Call(method, pathAndQuery);
  }

  /** A request being built. */
  final class Call {
    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private HttpRequestData.Principal principal = HttpRequestData.Principal.ANONYMOUS;

    Call(String method, String pathAndQuery) {
      this.method = method;
      int q = pathAndQuery.indexOf('?');
      this.path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
      this.query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    }

    Call header(String name, String value) {
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
      return this;
    }

    Call body(String json) {
      return body(json.getBytes(StandardCharsets.UTF_8));
    }

    Call body(byte[] bytes) {
      this.body = bytes;
      return this;
    }

    Call as(HttpRequestData.Principal p) {
      this.principal = p;
      return this;
    }

    Result send() {
      HttpResponseData r =
          api.handle(new HttpRequestData(method, path, query, headers, body, principal));
      return new Result(r);
    }
  }

  /** A response with JSON helpers. */
  record Result(HttpResponseData response) {
    int status() {
      return response.status();
    }

    String header(String name) {
      List<String> v = response.headers().get(name);
      return v == null ? null : v.getFirst();
    }

    String text() {
      return new String(response.body().toBytes(), StandardCharsets.UTF_8);
    }

    /** The error code of a JSON error body. */
    String code() {
      return json().get("code").asText();
    }

    JsonNode json() {
      try {
        return MAPPER.readTree(response.body().toBytes());
      } catch (java.io.IOException e) {
        throw new AssertionError("not JSON: " + text(), e);
      }
    }

    @Override
    public String toString() {
      return status() + " " + response.headers() + " " + text();
    }
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
