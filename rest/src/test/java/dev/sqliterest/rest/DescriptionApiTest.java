package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sqliterest.rest.grammar.Operator;
import dev.sqliterest.rest.request.Preferences;
import dev.sqliterest.rest.request.RequestReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /}: the OpenAPI 3.1 description of what the caller may read. */
final class DescriptionApiTest {

  private static final HttpRequestData.Principal READER =
      new HttpRequestData.Principal("reader", java.util.Map.of());

  /**
   * Everything for anyone, except: the reader may only read, and neither {@code secrets} nor
   * books.price (a column grant: "all columns" of books is denied, some are allowed).
   */
  private static final AccessPolicy POLICY =
      new AccessPolicy() {
        @Override
        public Optional<String> denied(
            HttpRequestData.Principal principal, String table, Action action, Set<String> columns) {
          if (!principal.role().equals("reader")) {
            return Optional.empty();
          }
          if (table.equals("secrets") || action != Action.READ) {
            return Optional.of("Access Restricted");
          }
          boolean price = table.equals("books") && (columns.isEmpty() || columns.contains("price"));
          return price ? Optional.of("Access Restricted: price") : Optional.empty();
        }

        @Override
        public boolean mayReadSome(HttpRequestData.Principal principal, String table) {
          return !principal.role().equals("reader") || !table.equals("secrets");
        }
      };

  @TempDir Path dir;
  @AutoClose ApiFixture f;

  @BeforeEach
  void createTables() throws Exception {
    f =
        new ApiFixture(dir, o -> RestApiOptions.defaults(POLICY))
            .sql(
                "CREATE TABLE authors(id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                "CREATE TABLE books(id INTEGER PRIMARY KEY, title TEXT NOT NULL,"
                    + " author_id INTEGER REFERENCES authors(id), price REAL DEFAULT 9.5,"
                    + " in_stock BOOLEAN NOT NULL DEFAULT 1, genre TEXT DEFAULT 'novel',"
                    + " added TEXT DEFAULT CURRENT_TIMESTAMP, cover BLOB, meta JSON, anything)",
                "CREATE TABLE secrets(id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES"
                    + " authors(id))",
                "CREATE VIEW titles AS SELECT id, title FROM books",
                "CREATE TABLE \"odd name/ü\"(\"select\" TEXT, \"x y\" INTEGER)");
  }

  private JsonNode document(HttpRequestData.Principal who) {
    var r = f.get("/").header("Accept", "application/openapi+json").as(who).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/openapi+json; charset=utf-8");
    return r.json();
  }

  @Test
  void document_describesEveryTableAndViewWithTheirOperations() {
    JsonNode doc = document(HttpRequestData.Principal.ANONYMOUS);

    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(names(doc.get("paths")))
        .containsExactly("/", "/authors", "/books", "/odd%20name%2F%C3%BC", "/secrets", "/titles");
    assertThat(names(doc.at("/paths/~1books")))
        .containsExactly("summary", "get", "head", "post", "patch", "put", "delete");
    // a view without INSTEAD OF triggers is read-only
    assertThat(names(doc.at("/paths/~1titles"))).containsExactly("summary", "get", "head");
    assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    assertThat(doc.at("/security/0").has("bearer")).isTrue();
  }

  @Test
  void rowSchema_typesNullabilityDefaultsAndKeys() {
    JsonNode books = document(HttpRequestData.Principal.ANONYMOUS).at("/components/schemas/books");

    assertThat(books.get("required").toString()).isEqualTo("[\"title\"]");
    assertThat(books.get("x-primary-key").toString()).isEqualTo("[\"id\"]");
    assertThat(books.get("x-foreign-keys").toString())
        .isEqualTo(
            "[{\"columns\":[\"author_id\"],\"references\":\"authors\",\"referencedColumns\":[\"id\"]}]");
    JsonNode p = books.get("properties");
    assertThat(p.at("/id/type").asText()).isEqualTo("integer");
    assertThat(p.at("/id/description").asText()).contains("<pk/>");
    assertThat(p.at("/title/type").asText()).isEqualTo("string");
    assertThat(p.at("/author_id/type").toString()).isEqualTo("[\"integer\",\"null\"]");
    assertThat(p.at("/author_id/description").asText())
        .contains("<fk table='authors' column='id'/>");
    assertThat(p.at("/price/type").toString()).isEqualTo("[\"number\",\"null\"]");
    assertThat(p.at("/price/default").doubleValue()).isEqualTo(9.5);
    assertThat(p.at("/in_stock/type").asText()).isEqualTo("boolean");
    assertThat(p.at("/in_stock/default").booleanValue()).isTrue();
    assertThat(p.at("/genre/default").asText()).isEqualTo("novel");
    assertThat(p.at("/added").has("default")).isFalse();
    assertThat(p.at("/added/description").asText()).isEqualTo("Default: CURRENT_TIMESTAMP");
    assertThat(p.at("/cover/contentEncoding").asText()).isEqualTo("base64");
    assertThat(p.at("/meta").has("type")).as("JSON holds any value").isFalse();
    assertThat(p.at("/anything").has("type")).as("no declared type").isFalse();
  }

  @Test
  void document_showsOnlyWhatTheCallerMayRead() {
    JsonNode doc = document(READER);

    assertThat(names(doc.get("paths"))).doesNotContain("/secrets");
    assertThat(names(doc.at("/components/schemas/books/properties"))).doesNotContain("price");
    assertThat(doc.at("/components/parameters").has("rowFilter.books.price")).isFalse();
    // the reader may not write: reads only
    assertThat(names(doc.at("/paths/~1books"))).containsExactly("summary", "get", "head");
    assertThat(doc.toString()).doesNotContain("secrets");
  }

  @Test
  void parameters_comeFromTheParsersOwnTables() {
    JsonNode doc = document(HttpRequestData.Principal.ANONYMOUS);
    JsonNode parameters = doc.at("/components/parameters");

    for (String name : RequestReader.RESERVED_PARAMETERS) {
      assertThat(parameters.at("/" + name.replace("/", "~1") + "/in").asText())
          .as(name)
          .isEqualTo("query");
    }
    assertThat(parameters.at("/Range/in").asText()).isEqualTo("header");
    String prefer = parameters.at("/Prefer/description").asText();
    Preferences.ACCEPTED.keySet().forEach(k -> assertThat(prefer).contains(k + "="));
    List<String> operators = new ArrayList<>();
    doc.at("/components/schemas/sqliterest.FilterOperator/enum")
        .forEach(n -> operators.add(n.asText()));
    for (Operator op : Operator.values()) {
      if (op.supported()) {
        assertThat(operators).contains(op.token());
      } else {
        assertThat(operators).doesNotContain(op.token());
      }
    }
    assertThat(operators).contains("ge", "le");
    // a column named like a reserved parameter cannot be filtered by name
    assertThat(names(parameters)).doesNotContain("rowFilter.odd_name__.select");
    assertThat(parameters.at("/rowFilter.odd_name__.x_y/name").asText()).isEqualTo("x y");
    assertThat(doc.at("/components/schemas/sqliterest.Error/required").toString())
        .isEqualTo("[\"code\",\"message\"]");
  }

  @Test
  void columnAddedByAnotherConnection_appearsInTheNextDocument() throws Exception {
    assertThat(names(document(READER).at("/components/schemas/authors/properties")))
        .containsExactly("id", "name");

    f.sql("ALTER TABLE authors ADD COLUMN born INTEGER");

    JsonNode doc = document(READER);
    assertThat(names(doc.at("/components/schemas/authors/properties")))
        .containsExactly("id", "name", "born");
    assertThat(doc.at("/info/version").asText()).isNotEqualTo("0");
  }

  @Test
  void negotiation_jsonIsAcceptedOtherTypesAndWritesAreRefused() {
    assertThat(f.get("/").header("Accept", "application/json").send().status()).isEqualTo(200);
    assertThat(f.get("/").send().status()).isEqualTo(200);
    var csv = f.get("/").header("Accept", "text/csv").send();
    assertThat(csv.status()).isEqualTo(406);
    assertThat(csv.code()).isEqualTo("PGRST107");
    var post = f.call("POST", "/").body("{}").send();
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.code()).isEqualTo("PGRST117");
  }

  @Test
  void withoutAuthentication_noSecurityScheme() throws Exception {
    f.api = new RestApi(f.db, RestApiOptions.defaults(POLICY).withBearerAuth(false));

    JsonNode doc = document(HttpRequestData.Principal.ANONYMOUS);

    assertThat(doc.has("security")).isFalse();
    assertThat(doc.at("/components").has("securitySchemes")).isFalse();
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
