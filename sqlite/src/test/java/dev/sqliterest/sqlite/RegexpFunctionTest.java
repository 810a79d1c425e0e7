package dev.sqliterest.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RegexpFunctionTest {

  @TempDir Path dir;

  private Object eval(Database db, String text, String pattern) throws SQLException {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT ? REGEXP ?")) {
            ps.setString(1, text);
            ps.setString(2, pattern);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getObject(1);
            }
          }
        });
  }

  @Test
  void regexp_onReaderConnection_findsMatches() throws Exception {
    try (Database db =
        Database.open(DatabaseOptions.defaults(dir.resolve("r.db")).withCreate(true))) {
      assertThat(eval(db, "Hello world", "wor")).isEqualTo(1);
      assertThat(eval(db, "Hello world", "^wor")).isEqualTo(0);
      assertThat(eval(db, "Hello", "(?i)hello")).isEqualTo(1);
      assertThat(eval(db, null, "x")).isNull();
    }
  }

  @Test
  void regexp_invalidPattern_failsWithPrefixedMessage() throws Exception {
    try (Database db =
        Database.open(DatabaseOptions.defaults(dir.resolve("r.db")).withCreate(true))) {
      assertThatThrownBy(() -> eval(db, "x", "(")).hasMessageContaining("regexp: invalid");
    }
  }

  @Test
  void regexp_catastrophicBacktracking_isCutOff() throws Exception {
    try (Database db =
        Database.open(DatabaseOptions.defaults(dir.resolve("r.db")).withCreate(true))) {
      assertThatThrownBy(() -> eval(db, "a".repeat(60), "(.*a){8}b"))
          .hasMessageContaining("regexp: matching took longer");
    }
  }

  @Test
  void regexp_recursionTooDeep_isAClientErrorNotAStackOverflow() throws Exception {
    try (Database db =
        Database.open(DatabaseOptions.defaults(dir.resolve("r.db")).withCreate(true))) {
      String value = "ab".repeat(30_000);
      assertThatThrownBy(() -> eval(db, value, "^((ab)|(a)(b))*\\1$"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("regexp: the regular expression needs too much backtracking")
          .message()
          .doesNotContain("java.", "StackOverflow");
      // the connection is still usable
      assertThat(eval(db, "ab", "^((ab)|(a)(b))*$")).isEqualTo(1);
    }
  }

  @Test
  void regexp_nestedTooDeeply_isAClientError() throws Exception {
    try (Database db =
        Database.open(DatabaseOptions.defaults(dir.resolve("r.db")).withCreate(true))) {
      String pattern = "(".repeat(100_000) + "a" + ")".repeat(100_000);
      assertThatThrownBy(() -> eval(db, "a", pattern))
          .hasMessageContaining("regexp: invalid regular expression")
          .message()
          .doesNotContain("java.", "StackOverflow");
    }
  }
}
