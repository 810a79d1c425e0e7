package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.server.Wiring;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box tests of {@code sqlite-rest migrate}, {@code migrate version} and {@code migrate
 * force}.
 */
final class MigrateCommandTest {

  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {}

  /** Runs {@code sqlite-rest migrate args...} through the real command line. */
  private static Run run(String... args) {
    CliRun cli = new CliRun(Map.of(), Path.of(""), Wiring.defaults());
    String[] all = new String[args.length + 1];
    all[0] = "migrate";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = cli.run(all);
    return new Run(exit, cli.out.toString(), cli.err.toString());
  }

  private static Path bookstore() throws URISyntaxException {
    return Path.of(MigrateCommandTest.class.getResource("/migrations/bookstore").toURI());
  }

  private long count(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void migrate_bookstoreExample_appliesAndRollsBackStepByStep() throws Exception {
    Path db = tmp.resolve("bookstore.sqlite3");
    String dsn = db + "?_journal_mode=WAL";

    Run up = run("--db-dsn", dsn, bookstore().toString());
    assertThat(up.exit()).as(up.err()).isZero();
    assertThat(up.out())
        .contains("applied 1_create_books_table (up)", "applied 2_seed_books (up)", "version 2");
    assertThat(count(db, "SELECT count(*) FROM books")).isEqualTo(2);

    Run again = run("--db-dsn", dsn, bookstore().toString());
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("no change; version 2");

    // the README's rollback command, which sqlite-rest documents but never wired
    Run down = run("--db-dsn", dsn, "--direction", "down", "--step", "1", bookstore().toString());
    assertThat(down.exit()).as(down.err()).isZero();
    assertThat(count(db, "SELECT count(*) FROM books")).isZero();
    assertThat(run("version", "--db-dsn", dsn).out().strip()).isEqualTo("1");

    Run downAll = run("--db-dsn", dsn, "--direction", "down", bookstore().toString());
    assertThat(downAll.exit()).isZero();
    assertThat(count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'books'")).isZero();
    assertThat(run("version", "--db-dsn", dsn).out().strip()).isEqualTo("none");
  }

  @Test
  void rootCommand_migrateRegistered_envMirrorsApply() throws Exception {
    Path db = tmp.resolve("env.db");
    Map<String, String> env = Map.of("SQLITEREST_DB_DSN", db.toString(), "SQLITEREST_STEP", "1");

    CliRun up = new CliRun(env, tmp, Wiring.defaults());
    assertThat(up.run("migrate", bookstore().toString())).as(up.err.toString()).isZero();
    CliRun version = new CliRun(env, tmp, Wiring.defaults());
    assertThat(version.run("migrate", "version")).isZero();

    assertThat(up.out.toString())
        .contains("applied 1_create_books_table (up)")
        .doesNotContain("2_seed");
    assertThat(version.out.toString().strip()).isEqualTo("1");
  }

  @Test
  void migrate_failingFile_exit1DirtyThenForceRecovers() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("m"));
    Files.writeString(dir.resolve("1_a.up.sql"), "create table a (id int);");
    Files.writeString(dir.resolve("2_b.up.sql"), "create table b invalid sql;");
    String dsn = tmp.resolve("x.db").toString();

    Run failed = run("--db-dsn", dsn, dir.toString());
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.err()).contains("migrate: migration", "2_b.up.sql failed", "migrate force 1");
    assertThat(run("version", "--db-dsn", dsn).out().strip()).isEqualTo("2 (dirty)");

    Run blocked = run("--db-dsn", dsn, dir.toString());
    assertThat(blocked.exit()).isEqualTo(1);
    assertThat(blocked.err()).contains("dirty at version 2");

    Run forced = run("force", "--db-dsn", dsn, "1");
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("forced; version 1");
    Files.writeString(dir.resolve("2_b.up.sql"), "create table b (id int);");
    assertThat(run("--db-dsn", dsn, dir.toString()).exit()).isZero();
    assertThat(run("version", "--db-dsn", dsn).out().strip()).isEqualTo("2");
  }

  @Test
  void force_noneAndMinusOne_clearTheVersion() throws Exception {
    String dsn = tmp.resolve("x.db").toString();
    assertThat(run("force", "--db-dsn", dsn, "3").exit()).isZero();

    assertThat(run("force", "--db-dsn", dsn, "none").exit()).isZero();
    assertThat(run("version", "--db-dsn", dsn).out().strip()).isEqualTo("none");
    assertThat(run("force", "--db-dsn", dsn, "3").exit()).isZero();
    Run minusOne = run("force", "--db-dsn", dsn, "-1");
    assertThat(minusOne.exit()).as(minusOne.err()).isZero();
    assertThat(run("version", "--db-dsn", dsn).out().strip()).isEqualTo("none");
  }

  @Test
  void migrate_usageErrors_exit2WithMessage() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("m"));
    String dsn = tmp.resolve("x.db").toString();

    Run noDsn = run(dir.toString());
    assertThat(noDsn.exit()).isEqualTo(2);
    assertThat(noDsn.err()).contains("--db-dsn (or SQLITEREST_DB_DSN) is required");
    Run noDir = run("--db-dsn", dsn);
    assertThat(noDir.exit()).isEqualTo(2);
    assertThat(noDir.err()).contains("missing the migrations directory");
    Run badDirection = run("--db-dsn", dsn, "--direction", "sideways", dir.toString());
    assertThat(badDirection.exit()).isEqualTo(2);
    assertThat(badDirection.err()).contains("--direction must be up or down");
    Run badForce = run("force", "--db-dsn", dsn, "latest");
    assertThat(badForce.exit()).isEqualTo(2);
    Run badStep = run("--db-dsn", dsn, "--step", "many", dir.toString());
    assertThat(badStep.exit()).isEqualTo(2);
  }

  @Test
  void migrate_missingDirectory_exit1() {
    Run r = run("--db-dsn", tmp.resolve("x.db").toString(), tmp.resolve("nope").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("does not exist");
  }

  @Test
  void migrate_misnamedFile_warnedAndIgnored() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("m"));
    Files.writeString(dir.resolve("1_books.up.sql"), "create table books (id int);");
    Files.writeString(dir.resolve("1_books.drop.sql"), "drop table books;");

    Run r = run("--db-dsn", tmp.resolve("x.db").toString(), dir.toString());

    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("ignoring 1_books.drop.sql");
  }

  @Test
  void dsn_parsedLikeServe_queryHonouredAndUnknownParametersRefused() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("m"));
    Path db = tmp.resolve("x.db");

    assertThat(run("--db-dsn", "file:" + db + "?_journal_mode=WAL", dir.toString()).exit())
        .isZero();
    Run bad = run("--db-dsn", db + "?_bogus=1", dir.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("_bogus");
    Run memory = run("--db-dsn", ":memory:", dir.toString());
    assertThat(memory.exit()).isEqualTo(2);
  }
}
