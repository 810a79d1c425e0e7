package dev.sqliterest.ltx;

/**
 * A Litestream transaction ID: an unsigned 64-bit counter, one per L0 file, printed as 16 lowercase
 * hex digits.
 */
public record Txid(long value) implements Comparable<Txid> {

  /** Parses exactly 16 lowercase hex digits. */
  public static Txid parse(String s) {
    if (s.length() != 16
        || !s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new IllegalArgumentException(
          "invalid txid \"" + s + "\": want 16 lowercase hex digits");
    }
    return new Txid(Long.parseUnsignedLong(s, 16));
  }

  /** The next TXID. */
  public Txid next() {
    return new Txid(value + 1);
  }

  @Override
  public int compareTo(Txid o) {
    return Long.compareUnsigned(value, o.value);
  }

  @Override
  public String toString() {
    return LtxFileName.formatTxid(value);
  }
}
