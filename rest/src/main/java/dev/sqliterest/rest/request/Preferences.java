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

  /**
   * Every preference understood, with its accepted values ({@link #NUMBER}: an integer, {@link
   * #ANY}: any value). The parser accepts exactly these, and the OpenAPI description lists them.
   */
  public static final Map<String, List<String>> ACCEPTED = accepted();

  /** In {@link #ACCEPTED}: the value is an integer. */
  public static final String NUMBER = "N";

  /** In {@link #ACCEPTED}: any value is accepted (and ignored). */
  public static final String ANY = "*";

  private static Map<String, List<String>> accepted() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("return", List.of("minimal", "headers-only", "representation"));
    m.put("count", List.of("exact", "planned", "estimated"));
    m.put("resolution", List.of("merge-duplicates", "ignore-duplicates"));
    m.put("missing", List.of("default", "null"));
    m.put("handling", List.of("strict", "lenient"));
    m.put("max-affected", List.of(NUMBER));
    m.put("tx", List.of("commit", "rollback"));
    // sqlite-rest's own: when a write on a replicating server is answered
    m.put("durability", List.of("async", "replicated"));
    // SQLite has no session time zone; accepted and ignored (documented)
    m.put("timezone", List.of(ANY));
    return java.util.Collections.unmodifiableMap(m);
  }

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
        prefs.putIfAbsent(key, value);
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
      if (!accepts(e.getKey(), v)) {
        invalid.add(e.getKey() + (v.isEmpty() ? "" : "=" + v));
        continue;
      }
      // only values ACCEPTED lists get here
      switch (e.getKey()) {
        case "return" ->
            ret =
                switch (v) {
                  case "minimal" -> ReturnPreference.MINIMAL;
                  case "headers-only" -> ReturnPreference.HEADERS_ONLY;
                  default -> ReturnPreference.REPRESENTATION;
                };
        case "count" -> count = Count.valueOf(v.toUpperCase(Locale.ROOT));
        case "resolution" ->
            resolution =
                v.equals("merge-duplicates")
                    ? Resolution.MERGE_DUPLICATES
                    : Resolution.IGNORE_DUPLICATES;
        case "missing" -> missingDefault = v.equals("default");
        case "handling" -> strict = v.equals("strict");
        case "max-affected" -> maxAffected = OptionalLong.of(Long.parseLong(v));
        case "tx" -> tx = Tx.valueOf(v.toUpperCase(Locale.ROOT));
        case "durability" -> durability = Durability.valueOf(v.toUpperCase(Locale.ROOT));
        default -> {} // timezone
      }
    }
    return new Preferences(
        ret, count, resolution, missingDefault, strict, maxAffected, tx, durability, invalid);
  }

  private static boolean accepts(String key, String value) {
    List<String> values = ACCEPTED.get(key);
    if (values == null) {
      return false;
    }
    if (values.contains(NUMBER)) {
      try {
        Long.parseLong(value);
        return true;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return values.contains(ANY) || values.contains(value);
  }

  /** The effective return preference (minimal when absent). */
  public ReturnPreference returnOrMinimal() {
    return returning == null ? ReturnPreference.MINIMAL : returning;
  }
}
