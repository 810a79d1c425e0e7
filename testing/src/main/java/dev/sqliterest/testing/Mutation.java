package dev.sqliterest.testing;

import java.util.Arrays;
import java.util.Random;

/**
 * A corrupted copy of a valid file. {@code firstChanged} is the lowest offset whose byte differs
 * from the original (the original length when bytes were only appended).
 */
public record Mutation(String kind, byte[] bytes, int firstChanged) {

  /**
   * One random corruption of {@code original}: up to three bits flipped anywhere, a run of up to 64
   * bytes overwritten, the end cut off, or bytes appended (never the original itself).
   */
  public static Mutation of(byte[] original, Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> {
        byte[] b = original.clone();
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        yield changed("flip", original, b, random);
      }
      case 1 -> {
        byte[] b = original.clone();
        int at = random.nextInt(b.length);
        for (int i = at, end = at + 1 + random.nextInt(Math.min(64, b.length - at)); i < end; i++) {
          b[i] = (byte) random.nextInt(256);
        }
        yield changed("overwrite", original, b, random);
      }
      case 2 -> truncated(original, random);
      default -> extended(original, random);
    };
  }

  /**
   * One random corruption confined to a single aligned 32-bit word (1 to 32 bits changed), or the
   * end cut off, or bytes appended: what an additive checksum over 32-bit words (SQLite's WAL
   * checksum) always detects. Changes spread over several words can cancel out in such a sum.
   */
  public static Mutation ofOneWord(byte[] original, Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> {
        byte[] b = original.clone();
        int word = random.nextInt(b.length / 4) * 4;
        int change = random.nextInt(Integer.MAX_VALUE) + 1;
        for (int i = 0; i < 4; i++) {
          b[word + i] ^= (byte) (change >>> (8 * i));
        }
        yield new Mutation("word", b, Arrays.mismatch(original, b));
      }
      case 1 -> truncated(original, random);
      default -> extended(original, random);
    };
  }

  private static Mutation truncated(byte[] original, Random random) {
    int keep = random.nextInt(original.length);
    return new Mutation("truncate", Arrays.copyOf(original, keep), keep);
  }

  private static Mutation extended(byte[] original, Random random) {
    byte[] b = Arrays.copyOf(original, original.length + 1 + random.nextInt(4096));
    if (random.nextBoolean()) {
      for (int i = original.length; i < b.length; i++) {
        b[i] = (byte) random.nextInt(256);
      }
    }
    return new Mutation("extend", b, original.length);
  }

  private static Mutation changed(String kind, byte[] original, byte[] b, Random random) {
    int first = Arrays.mismatch(original, b);
    return first < 0 ? of(original, random) : new Mutation(kind, b, first);
  }

  @Override
  public String toString() {
    return kind + " at " + firstChanged + " (" + bytes.length + " bytes)";
  }
}
