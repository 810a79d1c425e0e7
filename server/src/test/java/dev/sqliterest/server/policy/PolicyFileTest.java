package dev.sqliterest.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.rest.AccessPolicy.Action;
import dev.sqliterest.rest.HttpRequestData.Principal;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class PolicyFileTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          roles: {ed: {books: [read, upsert]}}    | roles.ed.books.upsert: unknown verb
          roles: {ed: {books: {drop: true}}}      | roles.ed.books.drop: unknown verb
          roles: {ed: {books: {delete: [id]}}}    | roles.ed.books.delete: delete removes whole rows
          roles: {ed: {books: {read: 42}}}        | roles.ed.books.read: expected true, false, all or
          roles: {ed: {books: {read: []}}}        | roles.ed.books.read: empty column list
          roles: {ed: {books: {read: [1]}}}       | roles.ed.books.read: column names must be non-empty
          roles: {ed: [books]}                    | roles.ed: expected a mapping, got ArrayList
          {}                                      | missing roles
          'roles: {}\nallow: [books]'             | allow: unknown key
          '- a\n- b'                              | expected a mapping
          ''                                      | expected a mapping, got nothing
          'roles: {ed: [read'                     | not valid YAML
          'roles:\n  a: {t: [read]}\n  a: {t: []}' | not valid YAML
          """)
  void parse_badFile_pathQualifiedMessage(String yaml, String message) {
    String text = yaml.replace("\\n", "\n");
    assertThatThrownBy(() -> PolicyFile.parse("p.yaml", text))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageStartingWith("p.yaml: " + message);
  }

  @Test
  void parse_emptyRoles_deniesEverything() throws Exception {
    RoleGrantPolicy policy = PolicyFile.parse("p.yaml", "roles: {}");

    assertThat(policy.denied(new Principal("anon", Map.of()), "books", Action.READ, Set.of()))
        .isPresent();
  }

  @Test
  void parse_falseAndNullVerbs_grantNothing() throws Exception {
    RoleGrantPolicy policy =
        PolicyFile.parse("p.yaml", "roles: {r: {t: {read: false, insert: ~, update: true}}}");
    Principal r = new Principal("r", Map.of());

    assertThat(policy.denied(r, "t", Action.READ, Set.of())).isPresent();
    assertThat(policy.denied(r, "t", Action.INSERT, Set.of("a"))).isPresent();
    assertThat(policy.denied(r, "t", Action.UPDATE, Set.of("a"))).isEmpty();
  }

  @Test
  void load_missingFile_fails() {
    assertThatThrownBy(() -> PolicyFile.load(dir.resolve("nope.yaml")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
