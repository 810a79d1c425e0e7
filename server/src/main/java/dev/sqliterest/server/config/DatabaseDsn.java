package dev.sqliterest.server.config;

import dev.sqliterest.sqlite.DatabaseOptions;
import dev.sqliterest.sqlite.DatabaseOptions.Synchronous;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Parses a database DSN in the mattn/go-sqlite3 style that sqlite-rest accepts ({@code
 * ./test.sqlite3?_journal_mode=WAL}, {@code file:x.db?mode=ro}) into {@link DatabaseOptions}.
 *
 * <p>Only parameters whose meaning this server can honour are accepted; anything else is an error
 * naming the parameter, rather than being silently ignored. The server always runs SQLite in WAL
 * mode with foreign keys on and writes in {@code BEGIN IMMEDIATE} transactions, so parameters that
 * ask for something else are rejected with the reason.
 */
public final class DatabaseDsn {

  static final String SUPPORTED =
      "mode=ro|rw|rwc, _journal_mode=WAL, _busy_timeout=<ms>, _synchronous=OFF|NORMAL|FULL,"
          + " _foreign_keys=1, _txlock=immediate, _query_only=1, cache=private";

  private DatabaseDsn() {}

  /**
   * Parses {@code dsn}; {@code create} is the {@code --db-create} flag ({@code mode=rwc} also
   * enables it).
   */
  public static DatabaseOptions parse(String dsn, boolean create) {
    if (dsn == null || dsn.isBlank()) {
      throw new ConfigException(
          "--db-dsn is required: the SQLite database file to serve, e.g. --db-dsn ./books.db");
    }
    String text = dsn.strip();
    boolean uri = text.startsWith("file:");
    if (uri) {
      text = text.substring("file:".length());
      if (text.startsWith("//")) {
        text = text.substring(2); // file:///abs/path -> /abs/path (empty authority)
      }
    }
    int question = text.indexOf('?');
    String pathText = question < 0 ? text : text.substring(0, question);
    String query = question < 0 ? "" : text.substring(question + 1);
    if (uri) {
      pathText = URLDecoder.decode(pathText.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    if (pathText.isEmpty()) {
      throw new ConfigException("--db-dsn \"" + dsn + "\" names no database file");
    }
    if (pathText.equals(":memory:")) {
      throw memoryUnsupported(dsn);
    }
    DatabaseOptions options = DatabaseOptions.defaults(Path.of(pathText)).withCreate(create);
    for (String pair : query.split("&")) {
      if (!pair.isEmpty()) {
        options = apply(dsn, options, pair);
      }
    }
    return options;
  }

  private static DatabaseOptions apply(String dsn, DatabaseOptions options, String pair) {
    int eq = pair.indexOf('=');
    String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
    String value =
        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).strip();
    String lower = value.toLowerCase(Locale.ROOT);
    return switch (key) {
      case "mode" ->
          switch (lower) {
            case "ro" -> options.withReadOnly(true);
            case "rw" -> options;
            case "rwc" -> options.withCreate(true);
            case "memory" -> throw memoryUnsupported(dsn);
            default -> throw badValue(dsn, key, value, "ro, rw or rwc");
          };
      case "_journal_mode", "_journal" -> {
        if (!lower.equals("wal")) {
          throw new ConfigException(
              "--db-dsn: "
                  + key
                  + "="
                  + value
                  + " is not supported: sqlite-rest always runs"
                  + " SQLite in WAL mode (remove the parameter or use WAL)");
        }
        yield options;
      }
      case "_busy_timeout", "_timeout" -> {
        try {
          yield options.withBusyTimeout(Duration.ofMillis(Long.parseUnsignedLong(value)));
        } catch (NumberFormatException e) {
          throw badValue(dsn, key, value, "a number of milliseconds");
        }
      }
      case "_synchronous", "_sync" ->
          switch (lower) {
            case "off", "0" -> options.withSynchronous(Synchronous.OFF);
            case "normal", "1" -> options.withSynchronous(Synchronous.NORMAL);
            case "full", "2" -> options.withSynchronous(Synchronous.FULL);
            default -> throw badValue(dsn, key, value, "OFF, NORMAL or FULL");
          };
      case "_foreign_keys", "_fk" -> {
        if (!isTrue(lower)) {
          throw new ConfigException(
              "--db-dsn: "
                  + key
                  + "="
                  + value
                  + " is not supported: sqlite-rest always"
                  + " enforces foreign keys");
        }
        yield options;
      }
      case "_txlock" -> {
        if (!lower.equals("immediate")) {
          throw new ConfigException(
              "--db-dsn: _txlock="
                  + value
                  + " is not supported: sqlite-rest always writes in"
                  + " BEGIN IMMEDIATE transactions on a single writer");
        }
        yield options;
      }
      case "_query_only" -> isTrue(lower) ? options.withReadOnly(true) : options;
      case "cache" -> {
        if (!lower.equals("private")) {
          throw badValue(dsn, key, value, "private (shared cache is not supported)");
        }
        yield options;
      }
      default ->
          throw new ConfigException(
              "--db-dsn: unknown parameter \""
                  + key
                  + "\" in \""
                  + dsn
                  + "\"; supported: "
                  + SUPPORTED);
    };
  }

  private static boolean isTrue(String lower) {
    return switch (lower) {
      case "1", "true", "yes", "on" -> true;
      default -> false;
    };
  }

  private static ConfigException badValue(String dsn, String key, String value, String expected) {
    return new ConfigException(
        "--db-dsn: "
            + key
            + "=\""
            + value
            + "\" in \""
            + dsn
            + "\" is invalid; expected "
            + expected);
  }

  private static ConfigException memoryUnsupported(String dsn) {
    return new ConfigException(
        "--db-dsn \""
            + dsn
            + "\": in-memory databases are not supported (every connection would"
            + " see its own empty database); use a file, e.g. --db-dsn ./dev.db --db-create");
  }
}
