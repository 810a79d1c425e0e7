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
}
