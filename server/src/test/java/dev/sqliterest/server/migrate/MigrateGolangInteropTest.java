package dev.sqliterest.server.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import dev.sqliterest.testing.OfficialTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database migrated by golang-migrate (the library inside sqlite-rest's Go binary, run here as
 * its CLI with the same {@code __sqlite_rest_migrations} table) continues with ours, and the other
 * way round, including a dirty state left by either side.
 */
final class MigrateGolangInteropTest {

  private static Path golangMigrate;

  @TempDir Path tmp;
  private Path dir;
  private Path dbFile;

  @BeforeAll
  static void locateTool() {
    golangMigrate = OfficialTools.golangMigrate();
  }

  @BeforeEach
  void files() throws Exception {
    dir = Files.createDirectory(tmp.resolve("migrations"));
    dbFile = tmp.resolve("interop.db");
    write("1_books.up.sql", "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT);");
    write("1_books.down.sql", "DROP TABLE books;");
    write(
        "2_authors.up.sql",
        "CREATE TABLE authors (id INTEGER PRIMARY KEY);\n"
            + "ALTER TABLE books ADD COLUMN author_id INTEGER REFERENCES authors(id);");
    write("2_authors.down.sql", "ALTER TABLE books DROP COLUMN author_id;\nDROP TABLE authors;");
    write("3_prices.up.sql", "ALTER TABLE books ADD COLUMN price REAL;");
    write("3_prices.down.sql", "ALTER TABLE books DROP COLUMN price;");
  }

  private void write(String name, String sql) throws IOException {
    Files.writeString(dir.resolve(name), sql);
  }

  private record Go(int exit, String output) {}

  private Go go(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                golangMigrate.toString(),
                "-source",
                "file://" + dir,
                "-database",
                "sqlite3://" + dbFile + "?x-migrations-table=__sqlite_rest_migrations"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Go(p.exitValue(), out);
  }

  /** golang-migrate prints progress lines and then the version on its last line. */
  private String goVersion() throws Exception {
    Go v = go("version");
    List<String> lines = v.output().strip().lines().toList();
    return lines.getLast();
  }

  private <T> T withOurs(MigrationWork<T> work) throws Exception {
    try (Database db =
        Database.open(DatabaseOptions.defaults(dbFile).withCreate(true).withReaders(1))) {
      return work.run(new Migrator(db, s -> {}), db);
    }
  }

  @FunctionalInterface
  private interface MigrationWork<T> {
    T run(Migrator migrator, Database db) throws Exception;
  }

  private List<String> columnsOfBooks(Database db) throws Exception {
    return db.withWriter(
        c -> {
          List<String> names = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery("SELECT name FROM pragma_table_info('books') ORDER BY cid")) {
            while (rs.next()) {
              names.add(rs.getString(1));
            }
          }
          return names;
        });
  }

  @Test
  void goMigratedDatabase_continuedByOurs() throws Exception {
    assertThat(go("up", "1").exit()).isZero();

    List<String> columns =
        withOurs(
            (m, db) -> {
              assertThat(m.version()).isEqualTo(new SchemaVersion(1, false));
              m.up(MigrationDirectory.scan(dir), 0);
              return columnsOfBooks(db);
            });

    assertThat(columns).containsExactly("id", "title", "author_id", "price");
    assertThat(goVersion()).isEqualTo("3");
  }

  @Test
  void ourMigratedDatabase_continuedAndRolledBackByGo() throws Exception {
    withOurs((m, db) -> m.up(MigrationDirectory.scan(dir), 2));

    assertThat(goVersion()).isEqualTo("2");
    assertThat(go("up").exit()).isZero();
    assertThat(go("down", "2").exit()).isZero();

    SchemaVersion version = withOurs((m, db) -> m.version());
    assertThat(version).isEqualTo(new SchemaVersion(1, false));
  }

  @Test
  void dirtyFromGo_seenByOurs_forcedByOurs_thenGoContinues() throws Exception {
    write("2_authors.up.sql", "CREATE TABLE authors (id INTEGER PRIMARY KEY) oops;");
    assertThat(go("up").exit()).isNotZero();
    assertThat(goVersion()).isEqualTo("2 (dirty)");

    withOurs(
        (m, db) -> {
          assertThat(m.version()).isEqualTo(new SchemaVersion(2, true));
          m.force(1);
          return null;
        });
    write("2_authors.up.sql", "CREATE TABLE authors (id INTEGER PRIMARY KEY);");

    assertThat(go("up").exit()).isZero();
    assertThat(goVersion()).isEqualTo("3");
  }

  @Test
  void dirtyFromOurs_refusedByGo() throws Exception {
    write("3_prices.up.sql", "ALTER TABLE nope ADD COLUMN price REAL;");
    withOurs(
        (m, db) -> {
          try {
            m.up(MigrationDirectory.scan(dir), 0);
          } catch (MigrationException expected) {
            return null;
          }
          throw new AssertionError("migration 3 should have failed");
        });

    assertThat(goVersion()).isEqualTo("3 (dirty)");
    Go up = go("up");
    assertThat(up.exit()).isNotZero();
    assertThat(up.output()).contains("Dirty database version 3");
  }

  @Test
  void stateTableCreatedByEither_identicalSchema() throws Exception {
    assertThat(go("up", "1").exit()).isZero();
    String goSchema = withOurs((m, db) -> schemaOfStateTable(db));
    Files.delete(dbFile);
    withOurs((m, db) -> m.up(MigrationDirectory.scan(dir), 1));
    String ourSchema = withOurs((m, db) -> schemaOfStateTable(db));

    assertThat(ourSchema).isEqualTo(goSchema);
  }

  private static String schemaOfStateTable(Database db) throws Exception {
    return db.withWriter(
        c -> {
          StringBuilder b = new StringBuilder();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT type, name, sql FROM sqlite_schema"
                          + " WHERE tbl_name = '__sqlite_rest_migrations' ORDER BY name")) {
            while (rs.next()) {
              b.append(rs.getString(1))
                  .append(' ')
                  .append(rs.getString(2))
                  .append(": ")
                  .append(rs.getString(3))
                  .append('\n');
            }
          }
          return b.toString();
        });
  }
}
