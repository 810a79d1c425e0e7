package dev.sqliterest.rest.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The {@code Prefer} request headers: several headers and comma lists are merged, the first
 * occurrence of a key wins, unknown or invalid preferences are ignored (PostgREST's lenient
 * handling) unless {@code handling=strict}.
 */
public record Preferences(
    ReturnPreference returning,
    Count count,
    Resolution resolution,
    boolean missingDefault,
    boolean strict,
    OptionalLong maxAffected,
    Tx tx,
    Durability durability,
    List<String> invalid) {

  /** {@code return=}. */
  public enum ReturnPreference {
    MINIMAL,
    HEADERS_ONLY,
    REPRESENTATION
  }

  /** {@code count=}; NONE when absent. */
  public enum Count {
    NONE,
    EXACT,
    PLANNED,
    ESTIMATED
  }

  /** {@code resolution=}; NONE when absent. */
  public enum Resolution {
    NONE,
    MERGE_DUPLICATES,
    IGNORE_DUPLICATES
  }

  /** {@code tx=}; NONE when absent. */
  public enum Tx {
    NONE,
    COMMIT,
    ROLLBACK
  }

  /**
   * {@code durability=} (sqlite-rest's own): acknowledge a write on commit or once replicated; NONE
   * when absent (the server's default applies).
   */
  public enum Durability {
    NONE,
    ASYNC,
    REPLICATED
  }

  public Preferences {
    invalid = List.copyOf(invalid);
  }

  public static final Preferences NONE =
      new Preferences(
          null,
          Count.NONE,
          Resolution.NONE,
          false,
          false,
          OptionalLong.empty(),
          Tx.NONE,
          Durability.NONE,
          List.of());

  /** Parses every {@code Prefer} header value. */
  public static Preferences parse(List<String> headerValues) {
    Map<String, String> prefs = new LinkedHashMap<>();
    List<String> invalid = new ArrayList<>();
    for (String header : headerValues) {
      for (String item : header.split(",")) {
        String p = item.strip();
        if (p.isEmpty()) {
          continue;
        }
        int eq = p.indexOf('=');
        String key = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
        String value = eq < 0 ? "" : p.substring(eq + 1).strip();
        if (prefs.containsKey(key)) {
          continue;
        }
        prefs.put(key, value);
      }
    }
    ReturnPreference ret = null;
    Count count = Count.NONE;
    Resolution resolution = Resolution.NONE;
    boolean missingDefault = false;
    boolean strict = false;
    OptionalLong maxAffected = OptionalLong.empty();
    Tx tx = Tx.NONE;
    Durability durability = Durability.NONE;
    for (Map.Entry<String, String> e : prefs.entrySet()) {
      String v = e.getValue();
      boolean ok = true;
      switch (e.getKey()) {
        case "return" -> {
          switch (v) {
            case "minimal" -> ret = ReturnPreference.MINIMAL;
            case "headers-only" -> ret = ReturnPreference.HEADERS_ONLY;
            case "representation" -> ret = ReturnPreference.REPRESENTATION;
            default -> ok = false;
          }
        }
        case "count" -> {
          switch (v) {
            case "exact" -> count = Count.EXACT;
            case "planned" -> count = Count.PLANNED;
            case "estimated" -> count = Count.ESTIMATED;
            default -> ok = false;
          }
        }
        case "resolution" -> {
          switch (v) {
            case "merge-duplicates" -> resolution = Resolution.MERGE_DUPLICATES;
            case "ignore-duplicates" -> resolution = Resolution.IGNORE_DUPLICATES;
            default -> ok = false;
          }
        }
        case "missing" -> {
          switch (v) {
            case "default" -> missingDefault = true;
            case "null" -> missingDefault = false;
            default -> ok = false;
          }
        }
        case "handling" -> {
          switch (v) {
            case "strict" -> strict = true;
            case "lenient" -> strict = false;
            default -> ok = false;
          }
        }
        case "max-affected" -> {
          try {
            maxAffected = OptionalLong.of(Long.parseLong(v));
          } catch (NumberFormatException ex) {
            ok = false;
          }
        }
        case "tx" -> {
          switch (v) {
            case "commit" -> tx = Tx.COMMIT;
            case "rollback" -> tx = Tx.ROLLBACK;
            default -> ok = false;
          }
        }
        case "durability" -> {
          switch (v) {
            case "async" -> durability = Durability.ASYNC;
            case "replicated" -> durability = Durability.REPLICATED;
            default -> ok = false;
          }
        }
        case "timezone" -> {
          // SQLite has no session time zone; accepted and ignored (documented).
        }
        default -> ok = false;
      }
      if (!ok) {
        invalid.add(e.getKey() + (v.isEmpty() ? "" : "=" + v));
      }
    }
    return new Preferences(
        ret, count, resolution, missingDefault, strict, maxAffected, tx, durability, invalid);
  }

  /** The effective return preference (minimal when absent). */
  public ReturnPreference returnOrMinimal() {
    return returning == null ? ReturnPreference.MINIMAL : returning;
  }
}
