package dev.sqliterest.replication.client;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File and directory names of the Litestream v0.3 layout (docs/FORMAT.md, "Legacy v0.3 layout"),
 * parsed and formatted.
 */
public final class LegacyNames {

  /** The directory under the replica root that holds v0.3 generations. */
  public static final String GENERATIONS = "generations";

  private static final Pattern GENERATION = Pattern.compile("^[0-9a-f]{16}$");
  private static final Pattern SNAPSHOT = Pattern.compile("^([0-9a-f]{8,16})\\.snapshot\\.lz4$");
  private static final Pattern WAL =
      Pattern.compile("^([0-9a-f]{8,16})_([0-9a-f]{8,16})\\.wal\\.lz4$");

  private LegacyNames() {}

  public static boolean isGeneration(String name) {
    return GENERATION.matcher(name).matches();
  }

  /** The index of a snapshot file name, or empty when the name is not one. */
  public static OptionalLong parseSnapshot(String fileName) {
    Matcher m = SNAPSHOT.matcher(fileName);
    return m.matches()
        ? OptionalLong.of(Long.parseUnsignedLong(m.group(1), 16))
        : OptionalLong.empty();
  }

  /** {index, offset} of a WAL segment file name, or empty when the name is not one. */
  public static Optional<long[]> parseWalSegment(String fileName) {
    Matcher m = WAL.matcher(fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new long[] {
          Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16)
        });
  }

  /** v0.3 formats indexes and offsets as at least 8 lowercase hex digits. */
  public static String formatIndex(long value) {
    return String.format("%08x", value);
  }
}
