package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReadApiTest {

  @TempDir Path dir;
  ApiFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new ApiFixture(dir);
    f.sql(
        "CREATE TABLE books(id INTEGER PRIMARY KEY, title TEXT NOT NULL, price REAL, published BOOLEAN, cover BLOB, meta JSON)",
        "INSERT INTO books VALUES (1, 'Dune', 9.5, 1, x'0102', '{\"tags\":[\"sf\",\"classic\"],\"pages\":412}')",
        "INSERT INTO books VALUES (2, 'Emma', NULL, 0, NULL, '{\"tags\":[],\"pages\":300}')",
        "INSERT INTO books VALUES (3, 'dune messiah', 12, NULL, NULL, NULL)");
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  @Test
  void get_allRows_typedJson() {
    var r = f.get("/books?order=id").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.header("Content-Range")).isEqualTo("0-2/*");
    assertThat(r.text())
        .startsWith(
            "[{\"id\":1,\"title\":\"Dune\",\"price\":9.5,\"published\":true,\"cover\":\"AQI=\","
                + "\"meta\":{\"tags\":[\"sf\",\"classic\"],\"pages\":412}}");
    assertThat(r.json().get(2).get("price").isIntegralNumber()).isFalse();
    assertThat(r.json().get(1).get("published").asBoolean()).isFalse();
  }
}
