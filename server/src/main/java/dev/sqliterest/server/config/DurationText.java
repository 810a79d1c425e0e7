package dev.sqliterest.server.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the Go way ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}), as
 * sqlite-rest and Litestream users write them; ISO-8601 ({@code PT30S}) is accepted too.
 */
public final class DurationText {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private DurationText() {}

  /** Parses {@code text}; {@code flag} names the option in the error message. */
  public static Duration parse(String flag, String text) {
    String value = text == null ? "" : text.strip();
    if (value.startsWith("P") || value.startsWith("p")) {
      try {
        return requireNonNegative(flag, Duration.parse(value));
      } catch (java.time.format.DateTimeParseException e) {
        throw invalid(flag, text);
      }
    }
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw invalid(flag, text);
      }
      end = m.end();
      total = total.plus(part(m.group(1), m.group(2)));
    }
    if (end == 0 || end != value.length()) {
      throw invalid(flag, text);
    }
    return total;
  }

  /** Formats a duration back into the Go style, for help texts and logs. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    long millis = duration.toMillis();
    if (millis % 1000 != 0) {
      return millis + "ms";
    }
    long seconds = duration.toSeconds();
    StringBuilder out = new StringBuilder();
    if (seconds >= 3600) {
      out.append(seconds / 3600).append('h');
      seconds %= 3600;
    }
    if (seconds >= 60) {
      out.append(seconds / 60).append('m');
      seconds %= 60;
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    return out.toString();
  }

  private static Duration part(String number, String unit) {
    double amount = Double.parseDouble(number);
    double nanosPerUnit =
        switch (unit) {
          case "ns" -> 1;
          case "us", "µs" -> 1e3;
          case "ms" -> 1e6;
          case "s" -> 1e9;
          case "m" -> 60e9;
          case "h" -> 3600e9;
          default -> throw new IllegalStateException("unit " + unit);
        };
    return Duration.ofNanos(Math.round(amount * nanosPerUnit));
  }

  private static Duration requireNonNegative(String flag, Duration d) {
    if (d.isNegative()) {
      throw new ConfigException(flag + ": duration must not be negative, got " + d);
    }
    return d;
  }

  private static ConfigException invalid(String flag, String text) {
    return new ConfigException(
        flag + ": \"" + text + "\" is not a duration; write e.g. 500ms, 30s, 5m or 1h30m");
  }
}
