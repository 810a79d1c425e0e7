package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Accept: application/vnd.pgrst.plan[+text|+json]}: SQLite's EXPLAIN QUERY PLAN. */
final class PlanApiTest {

  @TempDir Path dir;
  ApiFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new ApiFixture(dir, o -> o.withPlansEnabled(true));
    f.sql(
        "CREATE TABLE books(id INTEGER PRIMARY KEY, title TEXT, year INTEGER)",
        "CREATE INDEX books_year ON books(year)",
        "INSERT INTO books VALUES (1, 'Emma', 1815)");
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private ApiFixture.Result plan(String query, String accept) {
    return f.get("/books?" + query).header("Accept", accept).send();
  }

  @Test
  void json_isTheTreeOfTheStatementThatWouldRun() {
    ApiFixture.Result r = plan("select=title&year=gt.1800", "application/vnd.pgrst.plan+json");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type"))
        .isEqualTo("application/vnd.pgrst.plan+json; for=\"application/json\"; charset=utf-8");
    JsonNode plan = r.json();
    assertThat(plan.isArray()).isTrue();
    assertThat(plan.toString()).contains("books_year").doesNotContain("Emma");
    assertThat(plan.get(0).has("detail")).isTrue();
    assertThat(plan.get(0).get("children").isArray()).isTrue();
  }

  @Test
  void text_asTheSqliteShellDrawsIt() {
    ApiFixture.Result r = plan("id=eq.1", "application/vnd.pgrst.plan");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type"))
        .isEqualTo("application/vnd.pgrst.plan+text; for=\"application/json\"; charset=utf-8");
    assertThat(r.text())
        .startsWith("QUERY PLAN\n")
        .contains("--SEARCH books USING INTEGER PRIMARY KEY");
    assertThat(plan("id=eq.1", "application/vnd.pgrst.plan+text").text()).isEqualTo(r.text());
  }

  @Test
  void forCsv_plansThePlainSelect() {
    ApiFixture.Result r =
        plan(
            "order=title",
            "application/vnd.pgrst.plan+text; for=\"text/csv\"; options=analyze|verbose");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).contains("for=\"text/csv\"");
    assertThat(r.text()).contains("SCAN books").contains("USE TEMP B-TREE FOR ORDER BY");
  }

  @Test
  void unknownFor_or_aWrite_is406() {
    assertThat(plan("", "application/vnd.pgrst.plan; for=\"application/xml\"").status())
        .isEqualTo(406);
    ApiFixture.Result write =
        f.call("DELETE", "/books?id=eq.1").header("Accept", "application/vnd.pgrst.plan").send();
    assertThat(write.status()).isEqualTo(406);
    assertThat(write.json().get("code").asText()).isEqualTo("PGRST107");
    assertThat(f.get("/books").send().json()).hasSize(1);
  }

  @Test
  void disabled_theMediaTypeIsUnavailable() throws Exception {
    f.api = new RestApi(f.db, RestApiOptions.defaults(AllowListPolicy.allowAll()));
    ApiFixture.Result r = plan("", "application/vnd.pgrst.plan+json");
    assertThat(r.status()).isEqualTo(406);
    assertThat(r.json().get("code").asText()).isEqualTo("PGRST107");
    ApiFixture.Result fallback =
        plan("select=title", "application/vnd.pgrst.plan+json, application/json;q=0.5");
    assertThat(fallback.status()).isEqualTo(200);
    assertThat(fallback.text()).isEqualTo("[{\"title\":\"Emma\"}]");
  }

  @Test
  void accessPolicy_appliesToPlansToo() throws Exception {
    f.api =
        new RestApi(
            f.db,
            RestApiOptions.defaults(new AllowListPolicy(Set.of("other"))).withPlansEnabled(true));
    assertThat(plan("", "application/vnd.pgrst.plan").status()).isEqualTo(403);
  }
}
