package dev.sqliterest.rest.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class SchemaLoaderTest {

  @TempDir Path dir;

  @Test
  void load_tablesViewsKeysAndGeneratedColumns() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "CREATE TABLE a(x INTEGER, y TEXT NOT NULL DEFAULT 'd', z AS (x * 2), PRIMARY KEY (y,"
              + " x))");
      st.executeUpdate("CREATE TABLE b(id INTEGER PRIMARY KEY, code TEXT UNIQUE, p TEXT, q TEXT)");
      st.executeUpdate("CREATE UNIQUE INDEX b_pq ON b(p, q)");
      st.executeUpdate("CREATE UNIQUE INDEX b_partial ON b(q) WHERE q IS NOT NULL");
      st.executeUpdate("CREATE VIEW v AS SELECT id FROM b");
      st.executeUpdate("CREATE VIEW w AS SELECT id FROM b");
      st.executeUpdate(
          "CREATE TRIGGER w_ins INSTEAD OF INSERT ON w BEGIN INSERT INTO b(id) VALUES (NEW.id);"
              + " END");
      SchemaCache cache = SchemaLoader.load(c);
      assertThat(cache.tables().keySet()).containsExactlyInAnyOrder("a", "b", "v", "w");
      Table a = cache.table("a").orElseThrow();
      assertThat(a.primaryKey()).containsExactly("y", "x");
      assertThat(a.column("y").orElseThrow().notNull()).isTrue();
      assertThat(a.column("y").orElseThrow().hasDefault()).isTrue();
      assertThat(a.column("z").orElseThrow().generated()).isTrue();
      Table b = cache.table("b").orElseThrow();
      assertThat(b.uniqueKeys())
          .containsExactlyInAnyOrder(Set.of("id"), Set.of("code"), Set.of("p", "q"));
      assertThat(cache.table("v").orElseThrow().view()).isTrue();
      assertThat(cache.table("v").orElseThrow().updatable()).isFalse();
      assertThat(cache.table("w").orElseThrow().updatable()).isTrue();
      int before = cache.version();
      st.executeUpdate("CREATE TABLE c(x)");
      assertThat(SchemaLoader.schemaVersion(c)).isGreaterThan(before);
      assertThat(cache.closest("bb", t -> true)).hasValue("b");
      assertThat(cache.closest("zzzzzz", t -> true)).isEmpty();
      assertThat(cache.closest("bb", t -> !t.equals("b"))).isEmpty();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "INT,INTEGER",
    "BIGINT,INTEGER",
    "VARCHAR(10),TEXT",
    "CLOB,TEXT",
    "'',BLOB",
    "BLOB,BLOB",
    "DOUBLE PRECISION,REAL",
    "FLOAT,REAL",
    "'NUMERIC(5,2)',NUMERIC",
    "BOOLEAN,NUMERIC",
    "DATETIME,NUMERIC",
    "CHARINT,INTEGER"
  })
  void affinity_sqliteRules(String declared, Affinity expected) {
    assertThat(Affinity.of(declared)).isEqualTo(expected);
  }
}
