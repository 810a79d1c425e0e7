package dev.sqliterest.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sqliterest.rest.AllowListPolicy;
import dev.sqliterest.rest.HttpRequestData;
import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.rest.RestApi;
import dev.sqliterest.rest.RestApiOptions;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A 1,000-row GET through {@code RestApi.handle} (filter + order + limit), with the JSON built by
 * SQLite (the default for plain JSON) and by the Java writer (Jackson streaming from the result
 * set, used for CSV/stripped nulls/BLOBs), against two same-run baselines on the same reader pool:
 * the same SELECT rendered by a bare Jackson loop, and SQLite building the JSON array with {@code
 * json_group_array(json_object(…))} and no BLOB guard.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ReadApiBench -f1 -wi 2 -i 3 -w 1 -r 2}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadApiBench {

  private static final String SELECT =
      "SELECT \"id\", \"title\", \"price\", \"stock\", \"author\", \"isbn\" FROM \"books\""
          + " WHERE \"stock\" >= ? ORDER BY \"id\" ASC NULLS LAST LIMIT ?";
  private static final String SQLITE_JSON =
      "SELECT json_group_array(json_object('id', id, 'title', title, 'price', price, 'stock',"
          + " stock, 'author', author, 'isbn', isbn)) FROM ("
          + SELECT
          + ")";
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** STRICT tables let the SQLite JSON path skip its per-value BLOB guard. */
  @Param({"false", "true"})
  public boolean strict;

  private Path dir;
  private Database db;
  private RestApi api;
  private HttpRequestData get;
  private HttpRequestData getJavaWriter;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("read-bench");
    db = Database.open(DatabaseOptions.defaults(dir.resolve("r.db")).withCreate(true));
    db.write(
        c -> {
          try (Statement st = c.createStatement()) {
            st.executeUpdate(
                "CREATE TABLE books(id INTEGER PRIMARY KEY, title TEXT, price REAL,"
                    + " stock INTEGER, author TEXT, isbn TEXT)"
                    + (strict ? " STRICT" : ""));
            st.executeUpdate(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
                    + " INSERT INTO books SELECT i, 'Title number ' || i, i * 0.25, i % 100,"
                    + " 'Author ' || (i % 37), printf('978-%010d', i) FROM n");
          }
          return null;
        });
    api = new RestApi(db, RestApiOptions.defaults(AllowListPolicy.allowAll()));
    get =
        new HttpRequestData(
            "GET",
            "/books",
            "stock=gte.0&order=id&limit=1000",
            Map.of(),
            new byte[0],
            HttpRequestData.Principal.ANONYMOUS);
    // nulls=stripped is served by the Java writer; the data has no NULLs, so the bytes are equal
    getJavaWriter =
        new HttpRequestData(
            "GET",
            "/books",
            "stock=gte.0&order=id&limit=1000",
            Map.of("accept", List.of("application/vnd.pgrst.array+json;nulls=stripped")),
            new byte[0],
            HttpRequestData.Principal.ANONYMOUS);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    db.close();
    BenchFiles.deleteTree(dir);
  }

  @Benchmark
  public int restGet1000Rows() {
    HttpResponseData r = api.handle(get);
    if (r.status() != 200) {
      throw new IllegalStateException("GET failed: " + r.status());
    }
    return r.body().toBytes().length;
  }

  @Benchmark
  public int restGet1000RowsJavaWriter() {
    HttpResponseData r = api.handle(getJavaWriter);
    if (r.status() != 200) {
      throw new IllegalStateException("GET failed: " + r.status());
    }
    return r.body().toBytes().length;
  }

  @Benchmark
  public int baselineJacksonLoop() throws SQLException {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setLong(1, 0);
            ps.setLong(2, 1000);
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
            try (ResultSet rs = ps.executeQuery();
                JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
              g.writeStartArray();
              while (rs.next()) {
                g.writeStartObject();
                g.writeNumberField("id", rs.getLong(1));
                g.writeStringField("title", rs.getString(2));
                g.writeNumberField("price", rs.getDouble(3));
                g.writeNumberField("stock", rs.getLong(4));
                g.writeStringField("author", rs.getString(5));
                g.writeStringField("isbn", rs.getString(6));
                g.writeEndObject();
              }
              g.writeEndArray();
            } catch (IOException e) {
              throw new SQLException(e);
            }
            return out.size();
          }
        });
  }

  @Benchmark
  public int baselineSqliteJson() throws SQLException {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(SQLITE_JSON)) {
            ps.setLong(1, 0);
            ps.setLong(2, 1000);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getBytes(1).length;
            }
          }
        });
  }
}
