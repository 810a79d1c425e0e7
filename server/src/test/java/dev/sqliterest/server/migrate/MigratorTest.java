package dev.sqliterest.server.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqlite-rest's migration suite (M1–M5) plus what golang-migrate does that sqlite-rest relies on.
 */
final class MigratorTest {

  @TempDir Path tmp;
  private Path dir;
  private Database db;
  private Migrator migrator;
  private final List<MigrationStep> progress = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    dir = Files.createDirectory(tmp.resolve("migrations"));
    db =
        Database.open(
            DatabaseOptions.defaults(tmp.resolve("test.db")).withCreate(true).withReaders(1));
    migrator = new Migrator(db, progress::add);
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  private void file(String name, String sql) throws Exception {
    Files.writeString(dir.resolve(name), sql);
  }

  private MigrationDirectory scan() throws Exception {
    return MigrationDirectory.scan(dir);
  }

  private List<String> tables() throws Exception {
    return db.withWriter(
        c -> {
          List<String> names = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE"
                          + " '\\_\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
              names.add(rs.getString(1));
            }
          }
          return names;
        });
  }

  private List<List<Object>> stateRows() throws Exception {
    return db.withWriter(
        c -> {
          List<List<Object>> rows = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT version, dirty, typeof(dirty) FROM __sqlite_rest_migrations")) {
            while (rs.next()) {
              rows.add(List.of(rs.getLong(1), rs.getLong(2), rs.getString(3)));
            }
          }
          return rows;
        });
  }

  @Test
  void m1_emptyDirectory_upAndDownSucceed() throws Exception {
    assertThat(migrator.up(scan(), 0)).isEmpty();
    assertThat(migrator.down(scan(), 0)).isEmpty();
    assertThat(migrator.version()).isEqualTo(SchemaVersion.NONE);
  }

  @Test
  void m2_applyAll_repeatedUpAndDownAreNoChange() throws Exception {
    file("1_test.up.sql", "create table test (id int);");
    file("1_test.down.sql", "drop table test;");

    assertThat(migrator.up(scan(), 0)).hasSize(1);
    assertThat(tables()).containsExactly("test");
    assertThat(migrator.up(scan(), 0)).isEmpty();
    assertThat(migrator.version()).isEqualTo(new SchemaVersion(1, false));
    assertThat(migrator.down(scan(), 0)).hasSize(1);
    assertThat(tables()).isEmpty();
    assertThat(migrator.down(scan(), 0)).isEmpty();
    assertThat(migrator.version()).isEqualTo(SchemaVersion.NONE);
    assertThat(stateRows()).isEmpty();
  }

  @Test
  void m3_bySteps_failOnlyPastTheEnds() throws Exception {
    file("1_test.up.sql", "create table test (id int);");
    file("1_test.down.sql", "drop table test;");
    file("2_test2.up.sql", "create table test2 (id int);");
    file("2_test2.down.sql", "drop table test2;");

    migrator.up(scan(), 1);
    assertThat(tables()).containsExactly("test");
    migrator.up(scan(), 1);
    assertThat(tables()).containsExactly("test", "test2");
    assertThatThrownBy(() -> migrator.up(scan(), 1))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("no up migration left");
    migrator.down(scan(), 1);
    assertThat(migrator.version()).isEqualTo(new SchemaVersion(1, false));
    migrator.down(scan(), 1);
    assertThat(migrator.version()).isEqualTo(SchemaVersion.NONE);
    assertThatThrownBy(() -> migrator.down(scan(), 1))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("no migration to roll back");
  }

  @Test
  void steps_moreThanLeft_appliesWhatIsLeftThenFails() throws Exception {
    file("1_a.up.sql", "create table a (id int);");
    file("2_b.up.sql", "create table b (id int);");

    assertThatThrownBy(() -> migrator.up(scan(), 5))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("limit 3 short");
    assertThat(migrator.version()).isEqualTo(new SchemaVersion(2, false));
  }

  @Test
  void m4_failedUp_rolledBackAndDirty() throws Exception {
    file("1_ok.up.sql", "create table ok (id int);");
    file(
        "2_bad.up.sql",
        "create table half (id int); insert into half values (1); create table test invalid sql;");

    assertThatThrownBy(() -> migrator.up(scan(), 0))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("2_bad.up.sql failed")
        .hasMessageContaining("syntax error")
        .hasMessageContaining("migrate force 1");

    assertThat(tables()).containsExactly("ok"); // the half-run file left nothing behind
    assertThat(migrator.version()).isEqualTo(new SchemaVersion(2, true));
    assertThat(stateRows()).containsExactly(List.of(2L, 1L, "integer"));
    assertThatThrownBy(() -> migrator.up(scan(), 0))
        .hasMessageContaining("database is dirty at version 2");
    assertThatThrownBy(() -> migrator.down(scan(), 0)).hasMessageContaining("database is dirty");
  }

  @Test
  void m5_failedDown_dirty() throws Exception {
    file("1_test.up.sql", "create table test (id int);");
    file("1_test.down.sql", "drop table invalid sql;");

    migrator.up(scan(), 0);
    assertThatThrownBy(() -> migrator.down(scan(), 0))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("1_test.down.sql failed");

    assertThat(tables()).containsExactly("test");
    // golang-migrate keeps a dirty nil version as the row (-1, 1)
    assertThat(migrator.version()).isEqualTo(new SchemaVersion(-1, true));
    assertThat(stateRows()).containsExactly(List.of(-1L, 1L, "integer"));
  }

  @Test
  void force_clearsDirtyAndAllowsMigratingAgain() throws Exception {
    file("1_test.up.sql", "create table test (id int);");
    file("2_bad.up.sql", "create table bad invalid;");
    assertThatThrownBy(() -> migrator.up(scan(), 0)).isInstanceOf(MigrationException.class);

    migrator.force(1);
    assertThat(migrator.version()).isEqualTo(new SchemaVersion(1, false));
    file("2_bad.up.sql", "create table fixed (id int);");
    migrator.up(scan(), 0);

    assertThat(tables()).containsExactly("fixed", "test");
    assertThat(migrator.version()).isEqualTo(new SchemaVersion(2, false));
    migrator.force(-1);
    assertThat(migrator.version()).isEqualTo(SchemaVersion.NONE);
    assertThat(stateRows()).isEmpty();
    assertThatThrownBy(() -> migrator.force(-2)).hasMessageContaining("-1 (none) or greater");
  }

  @Test
  void up_multiStatementFile_runsEveryStatement() throws Exception {
    file(
        "1_many.up.sql",
        """
        -- three tables, a trigger with its own semicolons, and data
        CREATE TABLE a (id INTEGER PRIMARY KEY);
        CREATE TABLE b (id INTEGER PRIMARY KEY);
        CREATE TABLE log (msg TEXT);
        CREATE TRIGGER a_log AFTER INSERT ON a BEGIN
          INSERT INTO log VALUES ('a ' || new.id);
        END;
        INSERT INTO a VALUES (1), (2);
        /* trailing comment */
        """);

    migrator.up(scan(), 0);

    assertThat(tables()).containsExactly("a", "b", "log");
    long logged =
        db.withWriter(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs = st.executeQuery("SELECT count(*) FROM log")) {
                rs.next();
                return rs.getLong(1);
              }
            });
    assertThat(logged).isEqualTo(2);
  }

  @Test
  void versions_appliedInNumericOrderNotNameOrder() throws Exception {
    file("10_second.up.sql", "create table second (id int references first(id));");
    file("9_first.up.sql", "create table first (id int primary key);");
    file("20230101120000_third.up.sql", "create table third (id int);");

    List<MigrationStep> steps = migrator.up(scan(), 0);

    assertThat(steps)
        .extracting(s -> s.migration().version())
        .containsExactly(9L, 10L, 20230101120000L);
    assertThat(progress).isEqualTo(steps);
    assertThat(migrator.version().version()).isEqualTo(20230101120000L);
  }

  @Test
  void down_withoutDownFile_onlyMovesTheVersion() throws Exception {
    file("1_books.up.sql", "create table books (id int);");
    file("1_books.drop.sql", "drop table books;"); // sqlite-rest's example misnames its down file

    migrator.up(scan(), 0);
    List<MigrationStep> down = migrator.down(scan(), 0);

    assertThat(down).singleElement().satisfies(s -> assertThat(s.ranFile()).isFalse());
    assertThat(tables()).containsExactly("books");
    assertThat(migrator.version()).isEqualTo(SchemaVersion.NONE);
    assertThat(scan().ignored()).containsExactly("1_books.drop.sql");
  }

  @Test
  void up_versionInDatabaseMissingFromDirectory_fails() throws Exception {
    file("1_a.up.sql", "create table a (id int);");
    migrator.force(7);

    assertThatThrownBy(() -> migrator.up(scan(), 0))
        .hasMessageContaining("no migration found for version 7");
  }

  @Test
  void scan_duplicateVersion_fails() throws Exception {
    file("1_a.up.sql", "select 1;");
    file("1_b.up.sql", "select 1;");

    assertThatThrownBy(this::scan).hasMessageContaining("duplicate migration file");
  }

  @Test
  void scan_missingDirectory_fails() {
    assertThatThrownBy(() -> MigrationDirectory.scan(tmp.resolve("nope")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void stateTable_sameDdlAsGolangMigrate_andContinuesItsState() throws Exception {
    // the exact statements golang-migrate's sqlite3 driver runs (database/sqlite3/sqlite3.go)
    db.withWriter(
        c -> {
          try (Statement st = c.createStatement()) {
            st.executeUpdate(
                "CREATE TABLE IF NOT EXISTS __sqlite_rest_migrations (version uint64,dirty bool);\n"
                    + "  CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON"
                    + " __sqlite_rest_migrations (version);");
            st.executeUpdate("CREATE TABLE a (id int)");
            st.executeUpdate("INSERT INTO __sqlite_rest_migrations (version, dirty) VALUES (1, 0)");
          }
          return null;
        });
    file("1_a.up.sql", "create table a (id int);");
    file("2_b.up.sql", "create table b (id int);");

    migrator.up(scan(), 0);

    assertThat(tables()).containsExactly("a", "b");
    String ddl =
        db.withWriter(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT sql FROM sqlite_schema WHERE name ="
                              + " '__sqlite_rest_migrations'")) {
                rs.next();
                return rs.getString(1);
              }
            });
    assertThat(ddl).isEqualTo("CREATE TABLE __sqlite_rest_migrations (version uint64,dirty bool)");
  }

  @Test
  void up_foreignKeysOffWhileMigrating_restoredAfter() throws Exception {
    file(
        "1_parent.up.sql",
        "create table parent (id integer primary key); create table child (p int references"
            + " parent(id)); insert into parent values (1); insert into child values (1);");
    // the 12-step table rebuild SQLite documents needs foreign keys off
    file(
        "2_rebuild.up.sql",
        "create table parent_new (id integer primary key, name text);"
            + " insert into parent_new (id) select id from parent; drop table parent;"
            + " alter table parent_new rename to parent;");

    migrator.up(scan(), 0);

    assertThat(migrator.version().version()).isEqualTo(2);
    boolean fkOn =
        db.withWriter(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs = st.executeQuery("PRAGMA foreign_keys")) {
                return rs.next() && rs.getInt(1) == 1;
              }
            });
    assertThat(fkOn).isTrue();
  }
}
