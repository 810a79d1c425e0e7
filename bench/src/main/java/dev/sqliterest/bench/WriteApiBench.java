package dev.sqliterest.bench;

import dev.sqliterest.rest.AllowListPolicy;
import dev.sqliterest.rest.HttpRequestData;
import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.rest.RestApi;
import dev.sqliterest.rest.RestApiOptions;
import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Single-row write throughput of the REST engine ({@code RestApi.handle} of a one-row POST, which
 * parses, plans and commits one {@code BEGIN IMMEDIATE} transaction on the single writer) against
 * two same-run baselines: a prepared INSERT through {@code Database.write} (same writer and commit,
 * no HTTP-level work) and a raw autocommit JDBC INSERT on its own connection. Run with {@code
 * synchronous} NORMAL and FULL.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar WriteApiBench -f1 -wi 2 -i 3 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WriteApiBench {

  static final String DDL =
      "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER)";

  @Param({"NORMAL", "FULL"})
  public String synchronous;

  private Path dir;
  private Database db;
  private RestApi api;
  private Connection raw;
  private PreparedStatement rawInsert;
  private HttpRequestData post;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("write-bench");
    Path file = dir.resolve("api.db");
    DatabaseOptions.Synchronous sync = DatabaseOptions.Synchronous.valueOf(synchronous);
    db = Database.open(DatabaseOptions.defaults(file).withCreate(true).withSynchronous(sync));
    db.write(
        c -> {
          try (Statement st = c.createStatement()) {
            return st.executeUpdate(DDL);
          }
        });
    api = new RestApi(db, RestApiOptions.defaults(AllowListPolicy.allowAll()));
    post = request("POST", "{\"name\":\"widget\",\"n\":42}");
    raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
    try (Statement st = raw.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA synchronous=" + synchronous);
      st.execute(DDL);
    }
    rawInsert = raw.prepareStatement("INSERT INTO items(name, n) VALUES (?, ?)");
  }

  static HttpRequestData request(String method, String body) {
    return new HttpRequestData(
        method,
        "/items",
        "",
        Map.of("content-type", List.of("application/json")),
        body.getBytes(StandardCharsets.UTF_8),
        HttpRequestData.Principal.ANONYMOUS);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    rawInsert.close();
    raw.close();
    db.close();
    BenchFiles.deleteTree(dir);
  }

  @Benchmark
  public int restPostOneRow() {
    HttpResponseData r = api.handle(post);
    if (r.status() != 201) {
      throw new IllegalStateException(
          "POST failed: " + new String(r.body().toBytes(), StandardCharsets.UTF_8));
    }
    return r.status();
  }

  /** Four concurrent clients: the single writer serialises their transactions. */
  @Benchmark
  @Threads(4)
  public int restPostOneRow4Clients() {
    return restPostOneRow();
  }

  @Benchmark
  public int baselineDatabaseWrite() throws SQLException {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO items(name, n) VALUES (?, ?)")) {
            ps.setString(1, "widget");
            ps.setLong(2, 42);
            return ps.executeUpdate();
          }
        });
  }

  @Benchmark
  public int baselineRawJdbcAutocommit() throws SQLException {
    rawInsert.setString(1, "widget");
    rawInsert.setLong(2, 42);
    return rawInsert.executeUpdate();
  }
}
