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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Time of one bulk POST of 10,000 rows (JSON array, one transaction) against the same-run baseline
 * of a raw JDBC batch insert of the same rows in one transaction. synchronous=NORMAL.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar WriteApiBulkBench -f1 -wi 2 -i 3 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WriteApiBulkBench {

  static final int ROWS = 10_000;

  private Path dir;
  private Database db;
  private RestApi api;
  private Connection raw;
  private HttpRequestData bulk;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("bulk-bench");
    db = Database.open(DatabaseOptions.defaults(dir.resolve("api.db")).withCreate(true));
    db.write(
        c -> {
          try (Statement st = c.createStatement()) {
            return st.executeUpdate(WriteApiBench.DDL);
          }
        });
    api = new RestApi(db, RestApiOptions.defaults(AllowListPolicy.allowAll()));
    StringBuilder body = new StringBuilder(ROWS * 32).append('[');
    for (int i = 0; i < ROWS; i++) {
      body.append(i > 0 ? "," : "")
          .append("{\"name\":\"item ")
          .append(i)
          .append("\",\"n\":")
          .append(i)
          .append('}');
    }
    bulk = WriteApiBench.request("POST", body.append(']').toString());
    raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
    try (Statement st = raw.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA synchronous=NORMAL");
      st.execute(WriteApiBench.DDL);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    raw.close();
    db.close();
    BenchFiles.deleteTree(dir);
  }

  @Benchmark
  public int restPostBulk10k() {
    HttpResponseData r = api.handle(bulk);
    if (r.status() != 201) {
      throw new IllegalStateException(new String(r.body().toBytes(), StandardCharsets.UTF_8));
    }
    return r.status();
  }

  @Benchmark
  public int[] baselineRawJdbcBatch10k() throws SQLException {
    raw.setAutoCommit(false);
    try (PreparedStatement ps = raw.prepareStatement("INSERT INTO items(name, n) VALUES (?, ?)")) {
      for (int i = 0; i < ROWS; i++) {
        ps.setString(1, "item " + i);
        ps.setLong(2, i);
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      raw.commit();
      return counts;
    } finally {
      raw.setAutoCommit(true);
    }
  }
}
