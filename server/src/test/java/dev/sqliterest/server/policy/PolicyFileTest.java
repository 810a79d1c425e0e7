package dev.sqliterest.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.rest.AccessPolicy.Action;
import dev.sqliterest.rest.HttpRequestData.Principal;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

final class PolicyFileTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown verb             | roles: {editor: {books: [read, upsert]}}                 | p.yaml: roles.editor.books.upsert: unknown verb
      unknown verb in map      | roles: {editor: {books: {drop: true}}}                   | p.yaml: roles.editor.books.drop: unknown verb
      delete with columns      | roles: {editor: {books: {delete: [id]}}}                 | p.yaml: roles.editor.books.delete: delete removes whole rows
      bad column value         | roles: {editor: {books: {read: 42}}}                     | p.yaml: roles.editor.books.read: expected true, false, all or a list of column names, got Integer 42
      empty column list        | roles: {editor: {books: {read: []}}}                     | p.yaml: roles.editor.books.read: empty column list
      non-string column        | roles: {editor: {books: {read: [1]}}}                    | p.yaml: roles.editor.books.read: column names must be non-empty strings
      role not a map           | roles: {editor: [books]}                                 | p.yaml: roles.editor: expected a mapping, got ArrayList
      roles missing            | {}                                                       | p.yaml: missing roles
      unknown top-level key    | 'roles: {}\nallow: [books]'                              | p.yaml: allow: unknown key
      not a map                | '- a\n- b'                                               | p.yaml: expected a mapping
      empty file               | ''                                                       | p.yaml: expected a mapping, got nothing
      bad yaml                 | 'roles: {editor: [read'                                  | p.yaml: not valid YAML
      duplicate key            | 'roles:\n  a: {t: [read]}\n  a: {t: [insert]}'           | p.yaml: not valid YAML
      """)
  void parse_badFile_pathQualifiedMessage(String name, String yaml, String message) {
    String text = yaml.replace("\\n", "\n");
    assertThatThrownBy(() -> PolicyFile.parse("p.yaml", text))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void parse_emptyRoles_deniesEverything() throws Exception {
    RoleGrantPolicy policy = PolicyFile.parse("p.yaml", "roles: {}");

    assertThat(policy.denied(new Principal("anon", Map.of()), "books", Action.READ, Set.of())).isPresent();
  }

  @Test
  void parse_falseAndNullVerbs_grantNothing() throws Exception {
    RoleGrantPolicy policy = PolicyFile.parse("p.yaml", "roles: {r: {t: {read: false, insert: ~, update: true}}}");
    Principal r = new Principal("r", Map.of());

    assertThat(policy.denied(r, "t", Action.READ, Set.of())).isPresent();
    assertThat(policy.denied(r, "t", Action.INSERT, Set.of("a"))).isPresent();
    assertThat(policy.denied(r, "t", Action.UPDATE, Set.of("a"))).isEmpty();
  }

  @Test
  void load_missingFile_fails() {
    assertThatThrownBy(() -> PolicyFile.load(dir.resolve("nope.yaml"))).isInstanceOf(NoSuchFileException.class);
  }
}
