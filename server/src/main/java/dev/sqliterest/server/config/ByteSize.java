package dev.sqliterest.server.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte count written as a plain number or with a unit: {@code 1048576}, {@code 512KiB}, {@code
 * 16MiB}, {@code 1GiB} (binary) or {@code 10MB} (decimal).
 */
public final class ByteSize {

  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?", Pattern.CASE_INSENSITIVE);

  private ByteSize() {}

  /** Parses {@code text}; {@code flag} names the option in the error message. */
  public static long parse(String flag, String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new ConfigException(
          flag + ": \"" + text + "\" is not a size; write bytes or e.g. 512KiB, 16MiB, 1GiB");
    }
    long multiplier =
        switch (m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT)) {
          case "b" -> 1L;
          case "kb" -> 1_000L;
          case "k", "kib" -> 1L << 10;
          case "mb" -> 1_000_000L;
          case "m", "mib" -> 1L << 20;
          case "gb" -> 1_000_000_000L;
          case "g", "gib" -> 1L << 30;
          default -> throw new IllegalStateException(m.group(2));
        };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new ConfigException(flag + ": \"" + text + "\" is too large", e);
    }
  }

  /** Formats a byte count with the largest binary unit that divides it. */
  public static String format(long bytes) {
    if (bytes > 0 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "GiB";
    }
    if (bytes > 0 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "MiB";
    }
    if (bytes > 0 && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "KiB";
    }
    return bytes + "B";
  }
}
