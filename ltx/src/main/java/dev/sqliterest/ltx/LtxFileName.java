package dev.sqliterest.ltx;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TXID range an LTX file covers, as encoded in its name: {@code %016x-%016x.ltx} (lowercase
 * hex, min then max TXID, both inclusive).
 */
public record LtxFileName(long minTxid, long maxTxid) {

  private static final Pattern NAME = Pattern.compile("^([0-9a-f]{16})-([0-9a-f]{16})\\.ltx$");

  public LtxFileName {
    if (minTxid == 0 || Long.compareUnsigned(minTxid, maxTxid) > 0) {
      throw new IllegalArgumentException(
          "invalid ltx txid range: min="
              + Long.toHexString(minTxid)
              + " max="
              + Long.toHexString(maxTxid));
    }
  }

  /** Parses a file name (no directory part); empty when it is not an LTX file name. */
  public static Optional<LtxFileName> parse(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    long min = Long.parseUnsignedLong(m.group(1), 16);
    long max = Long.parseUnsignedLong(m.group(2), 16);
    if (min == 0 || Long.compareUnsigned(min, max) > 0) {
      return Optional.empty();
    }
    return Optional.of(new LtxFileName(min, max));
  }

  /** Formats a TXID as Litestream does everywhere: 16 lowercase hex digits. */
  public static String formatTxid(long txid) {
    return String.format("%016x", txid);
  }

  /** The file name, e.g. {@code 0000000000000001-0000000000000005.ltx}. */
  public String fileName() {
    return formatTxid(minTxid) + "-" + formatTxid(maxTxid) + ".ltx";
  }

  @Override
  public String toString() {
    return fileName();
  }
}
