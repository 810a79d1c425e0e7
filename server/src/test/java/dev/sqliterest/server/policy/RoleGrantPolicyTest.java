package dev.sqliterest.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.rest.AccessPolicy.Action;
import dev.sqliterest.rest.HttpRequestData.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RoleGrantPolicyTest {

  private static final String POLICY =
      """
      roles:
        anon:
          books: [read]
        editor:
          books:
            read: true
            insert: [title, author, price]
            update: [price]
            delete: true
          authors:
            read: all
            delete: false
          "*": [read]
        auditor:
          salaries:
            read: [id, amount]
      """;

  @TempDir Path dir;
  private RoleGrantPolicy policy;

  @BeforeEach
  void load() throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, POLICY);
    policy = PolicyFile.load(file);
  }

  private static Principal role(String name) {
    return new Principal(name, Map.of());
  }

  @Test
  void denied_anonReadsOnly() {
    assertThat(policy.denied(role("anon"), "books", Action.READ, Set.of())).isEmpty();
    assertThat(policy.denied(role("anon"), "books", Action.INSERT, Set.of("title")))
        .contains("Access Restricted: role \"anon\" may not insert \"books\"");
    assertThat(policy.denied(role("anon"), "authors", Action.READ, Set.of()))
        .contains("Access Restricted: role \"anon\" may not read \"authors\"");
  }

  @Test
  void denied_unknownRole_everythingDenied() {
    assertThat(policy.denied(role("intruder"), "books", Action.READ, Set.of()))
        .contains("Access Restricted: role \"intruder\" has no grants");
  }

  @Test
  void denied_editorColumnLists() {
    Principal editor = role("editor");
    assertThat(policy.denied(editor, "books", Action.INSERT, Set.of("title", "author", "price")))
        .isEmpty();
    assertThat(policy.denied(editor, "books", Action.UPDATE, Set.of("price"))).isEmpty();
    assertThat(policy.denied(editor, "books", Action.UPDATE, Set.of("price", "title")))
        .contains("Access Restricted: role \"editor\" may not update columns [title] of \"books\"");
    assertThat(policy.denied(editor, "books", Action.UPDATE, Set.of()))
        .hasValueSatisfying(m -> assertThat(m).contains("may update only columns [price]"));
    assertThat(policy.denied(editor, "books", Action.DELETE, Set.of())).isEmpty();
  }

  @Test
  void denied_explicitTableEntryReplacesWildcard() {
    Principal editor = role("editor");
    // authors is named, so "*" does not add to it: read yes, delete explicitly false, insert absent
    assertThat(policy.denied(editor, "authors", Action.READ, Set.of())).isEmpty();
    assertThat(policy.denied(editor, "authors", Action.DELETE, Set.of())).isPresent();
    assertThat(policy.denied(editor, "authors", Action.INSERT, Set.of("name"))).isPresent();
    // any other table: read through "*"
    assertThat(policy.denied(editor, "publishers", Action.READ, Set.of())).isEmpty();
    assertThat(policy.denied(editor, "publishers", Action.DELETE, Set.of())).isPresent();
  }

  @Test
  void denied_readColumns_caseInsensitiveLikeSqliteAndAllColumnsRefused() {
    Principal auditor = role("auditor");
    assertThat(policy.denied(auditor, "salaries", Action.READ, Set.of("id", "AMOUNT"))).isEmpty();
    assertThat(policy.denied(auditor, "salaries", Action.READ, Set.of("id", "employee")))
        .contains(
            "Access Restricted: role \"auditor\" may not read columns [employee] of \"salaries\"");
    assertThat(policy.denied(auditor, "salaries", Action.READ, Set.of()))
        .hasValueSatisfying(m -> assertThat(m).contains("name the columns explicitly"));
  }

  @Test
  void denied_tableNamesCaseSensitiveLikeSqliteRestAllowlist() {
    assertThat(policy.denied(role("anon"), "BOOKS", Action.READ, Set.of())).isPresent();
  }

  @Test
  void roles_listed() {
    assertThat(policy.roles()).containsExactly("anon", "auditor", "editor");
  }
}
