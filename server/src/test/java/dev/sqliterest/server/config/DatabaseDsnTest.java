package dev.sqliterest.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.sqlite.DatabaseOptions;
import dev.sqliterest.sqlite.DatabaseOptions.Synchronous;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class DatabaseDsnTest {

  @Test
  void parse_plainPath() {
    DatabaseOptions options = DatabaseDsn.parse("./test.sqlite3", false);

    assertThat(options.path()).isEqualTo(Path.of("./test.sqlite3"));
    assertThat(options.create()).isFalse();
    assertThat(options.readOnly()).isFalse();
  }

  @Test
  void parse_sqliteRestMakefileDsn() {
    DatabaseOptions options = DatabaseDsn.parse("./test.sqlite3?_journal_mode=WAL", false);

    assertThat(options.path()).isEqualTo(Path.of("./test.sqlite3"));
  }

  @Test
  void parse_fileUriWithModeRo() {
    DatabaseOptions options = DatabaseDsn.parse("file:x.db?mode=ro", false);

    assertThat(options.path()).isEqualTo(Path.of("x.db"));
    assertThat(options.readOnly()).isTrue();
  }

  @Test
  void parse_fileUriWithAbsolutePathAndPercentEncoding() {
    assertThat(DatabaseDsn.parse("file:///data/my%20db.sqlite", false).path())
        .isEqualTo(Path.of("/data/my db.sqlite"));
  }

  @Test
  void parse_modeRwc_orCreateFlag_create() {
    assertThat(DatabaseDsn.parse("x.db?mode=rwc", false).create()).isTrue();
    assertThat(DatabaseDsn.parse("x.db", true).create()).isTrue();
  }

  @Test
  void parse_busyTimeoutSynchronousAndAccepted() {
    DatabaseOptions options =
        DatabaseDsn.parse(
            "x.db?_busy_timeout=2500&_sync=FULL&_fk=1&_txlock=immediate&cache=private&_journal=wal",
            false);

    assertThat(options.busyTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(options.synchronous()).isEqualTo(Synchronous.FULL);
  }

  @Test
  void parse_queryOnly_isReadOnly() {
    assertThat(DatabaseDsn.parse("x.db?_query_only=true", false).readOnly()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "x.db?_loc=auto|unknown parameter \"_loc\"",
        "x.db?_journal_mode=DELETE|always runs SQLite in WAL mode",
        "x.db?_foreign_keys=0|always enforces foreign keys",
        "x.db?_txlock=deferred|BEGIN IMMEDIATE",
        "x.db?cache=shared|cache=\"shared\"",
        "x.db?mode=memory|in-memory databases are not supported",
        ":memory:|in-memory databases are not supported",
        "x.db?_busy_timeout=soon|a number of milliseconds",
        "x.db?_synchronous=EXTRA|OFF, NORMAL or FULL",
        "file:?mode=ro|names no database file"
      })
  void parse_rejectsWhatItCannotHonour(String dsn, String message) {
    assertThatThrownBy(() -> DatabaseDsn.parse(dsn, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message)
        .hasMessageStartingWith("--db-dsn");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void parse_empty_isRequiredError(String dsn) {
    assertThatThrownBy(() -> DatabaseDsn.parse(dsn, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--db-dsn is required");
  }
}
