package dev.sqliterest.server.migrate;

import dev.sqliterest.sqlite.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Applies and rolls back migrations with golang-migrate's semantics (the library sqlite-rest uses):
 * a dirty database refuses to migrate until forced; "all" with nothing to do is a success; a step
 * count larger than what is left applies what is left and then fails.
 *
 * <p>Each migration first marks the target version dirty (committed), then runs the whole file and
 * marks the version clean inside one {@code BEGIN IMMEDIATE} transaction. A failing file therefore
 * leaves its changes rolled back and the row dirty, exactly where golang-migrate would leave it.
 * Files run through {@link Statement#executeUpdate}, which in sqlite-jdbc executes every statement
 * of the script ({@code execute} would silently run only the first). Foreign-key enforcement is off
 * while migrating, as with golang-migrate's default DSN, and restored afterwards.
 */
public final class Migrator {

  private final Database database;
  private final Consumer<MigrationStep> progress;

  /**
   * @param progress told about every migration right after it committed
   */
  public Migrator(Database database, Consumer<MigrationStep> progress) {
    this.database = database;
    this.progress = progress;
  }

  /** The current state; {@link SchemaVersion#NONE} when no migration was ever applied. */
  public SchemaVersion version() throws MigrationException {
    return sql(
        "read the migration version",
        c -> {
          if (!tableExists(c)) {
            return SchemaVersion.NONE;
          }
          return MigrationTable.read(c);
        });
  }

  /** Sets the version and clears dirty without running anything ({@code migrate force V}). */
  public void force(long version) throws MigrationException {
    if (version < SchemaVersion.NIL) {
      throw new MigrationException("force: version must be -1 (none) or greater, got " + version);
    }
    sql(
        "create " + MigrationTable.NAME,
        c -> {
          MigrationTable.ensure(c);
          return null;
        });
    try {
      database.write(
          c -> {
            MigrationTable.write(c, new SchemaVersion(version, false));
            return null;
          });
    } catch (SQLException e) {
      throw new MigrationException("force version " + version + ": " + e.getMessage(), e);
    }
  }

  /** Applies {@code steps} pending migrations ({@code steps <= 0}: all of them). */
  public List<MigrationStep> up(MigrationDirectory dir, int steps) throws MigrationException {
    SchemaVersion current = start(dir);
    if (dir.isEmpty()) {
      return List.of();
    }
    List<Migration> pending =
        List.copyOf(dir.migrations().tailMap(current.version(), false).values());
    if (pending.isEmpty() && steps > 0) {
      throw new MigrationException(
          "no up migration left to apply (database is at version "
              + current
              + ", the newest in "
              + dir.path()
              + " is "
              + dir.migrations().lastKey()
              + ")");
    }
    List<Migration> plan =
        steps > 0 && steps < pending.size() ? pending.subList(0, steps) : pending;
    List<MigrationStep> done =
        withForeignKeysOff(
            () -> {
              List<MigrationStep> ran = new ArrayList<>();
              long from = current.version();
              for (Migration m : plan) {
                ran.add(apply(m, Direction.UP, from, m.version()));
                from = m.version();
              }
              return ran;
            });
    requireAll(steps, done.size(), Direction.UP);
    return done;
  }

  /** Rolls back {@code steps} applied migrations ({@code steps <= 0}: all of them). */
  public List<MigrationStep> down(MigrationDirectory dir, int steps) throws MigrationException {
    SchemaVersion current = start(dir);
    if (current.isNone()) {
      if (steps > 0) {
        throw new MigrationException("no migration to roll back: no version is applied");
      }
      return List.of();
    }
    List<Migration> applied =
        List.copyOf(dir.migrations().headMap(current.version(), true).descendingMap().values());
    List<Migration> plan =
        steps > 0 && steps < applied.size() ? applied.subList(0, steps) : applied;
    List<MigrationStep> done =
        withForeignKeysOff(
            () -> {
              List<MigrationStep> ran = new ArrayList<>();
              for (Migration m : plan) {
                Long previous = dir.migrations().lowerKey(m.version());
                ran.add(
                    apply(
                        m,
                        Direction.DOWN,
                        m.version(),
                        previous == null ? SchemaVersion.NIL : previous));
              }
              return ran;
            });
    requireAll(steps, done.size(), Direction.DOWN);
    return done;
  }

  private SchemaVersion start(MigrationDirectory dir) throws MigrationException {
    SchemaVersion current =
        sql(
            "prepare " + MigrationTable.NAME,
            c -> {
              MigrationTable.ensure(c);
              return MigrationTable.read(c);
            });
    if (current.dirty()) {
      throw new MigrationException(
          "database is dirty at version "
              + current.version()
              + ": a migration failed half-way. Check the schema, then force the version it"
              + " really is at (`migrate force V`) and migrate again",
          "V",
          null);
    }
    if (!current.isNone() && dir.get(current.version()).isEmpty()) {
      throw new MigrationException(
          "no migration found for version "
              + current.version()
              + " in "
              + dir.path()
              + " (the database was migrated with other files)");
    }
    return current;
  }

  private static void requireAll(int steps, int applied, Direction direction)
      throws MigrationException {
    if (steps > 0 && applied < steps) {
      throw new MigrationException(
          "asked for "
              + steps
              + " "
              + direction.name().toLowerCase(Locale.ROOT)
              + " steps but only "
              + applied
              + " could be applied (limit "
              + (steps - applied)
              + " short)");
    }
  }

  private MigrationStep apply(Migration m, Direction direction, long from, long target)
      throws MigrationException {
    Optional<Path> file = m.file(direction);
    String script = file.isPresent() ? read(file.get()) : null;
    long started = System.nanoTime();
    try {
      database.write(
          c -> {
            MigrationTable.write(c, new SchemaVersion(target, true));
            return null;
          });
    } catch (SQLException e) {
      throw new MigrationException("mark version " + target + " dirty: " + e.getMessage(), e);
    }
    try {
      database.write(
          c -> {
            if (script != null) {
              try (Statement st = c.createStatement()) {
                st.executeUpdate(script);
              }
            }
            MigrationTable.write(c, new SchemaVersion(target, false));
            return null;
          });
    } catch (SQLException e) {
      throw new MigrationException(
          "migration "
              + file.map(Path::toString).orElse(m.name())
              + " failed: "
              + e.getMessage()
              + ". Its transaction was rolled back, so the schema is still at version "
              + (from == SchemaVersion.NIL ? "none" : from)
              + ", but the database is marked dirty at version "
              + target
              + " (as golang-migrate does). Fix the file, force version "
              + (from == SchemaVersion.NIL ? "none" : from)
              + " (`migrate force "
              + (from == SchemaVersion.NIL ? "none" : from)
              + "`) and migrate again",
          from == SchemaVersion.NIL ? "none" : String.valueOf(from),
          e);
    }
    MigrationStep step =
        new MigrationStep(
            m, direction, target, script != null, Duration.ofNanos(System.nanoTime() - started));
    progress.accept(step);
    return step;
  }

  private static String read(Path file) throws MigrationException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MigrationException("read migration " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code plan} with foreign-key enforcement off on the writer (a no-op inside a transaction,
   * so it is set around the transactions), restoring the previous setting afterwards.
   */
  private List<MigrationStep> withForeignKeysOff(Plan plan) throws MigrationException {
    boolean was =
        sql(
            "turn foreign keys off",
            c -> {
              boolean on;
              try (Statement st = c.createStatement();
                  ResultSet rs = st.executeQuery("PRAGMA foreign_keys")) {
                on = rs.next() && rs.getInt(1) == 1;
              }
              try (Statement st = c.createStatement()) {
                st.execute("PRAGMA foreign_keys=OFF");
              }
              return on;
            });
    try {
      return plan.run();
    } finally {
      sql(
          "restore foreign keys",
          c -> {
            try (Statement st = c.createStatement()) {
              st.execute("PRAGMA foreign_keys=" + (was ? "ON" : "OFF"));
            }
            return null;
          });
    }
  }

  @FunctionalInterface
  private interface Plan {
    List<MigrationStep> run() throws MigrationException;
  }

  private static boolean tableExists(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '"
                    + MigrationTable.NAME
                    + "'")) {
      return rs.next();
    }
  }

  @FunctionalInterface
  private interface ConnectionWork<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T sql(String what, ConnectionWork<T> work) throws MigrationException {
    try {
      return database.withWriter(work::run);
    } catch (SQLException e) {
      throw new MigrationException(what + ": " + e.getMessage(), e);
    }
  }
}
