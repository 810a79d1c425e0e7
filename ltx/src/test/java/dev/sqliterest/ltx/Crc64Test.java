package dev.sqliterest.ltx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class Crc64Test {

  @Test
  void of_checkValue() {
    assertThat(Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(0xB90956C775A41001L);
  }

  @Test
  void of_emptyInput() {
    assertThat(Crc64.of(new byte[0])).isZero();
  }

  @Test
  void update_slicingMatchesBytewiseReference() {
    Random rnd = new Random(42);
    for (int len = 0; len < 300; len += 7) {
      byte[] b = new byte[len];
      rnd.nextBytes(b);
      assertThat(Crc64.of(b)).as("len %d", len).isEqualTo(bytewise(b));
    }
  }

  @Test
  void update_laneSplitMatchesBytewiseReference() {
    Random rnd = new Random(43);
    for (int len : new int[] {4095, 4096, 4097, 4096 + 7, 8192, 12345, 65536}) {
      byte[] b = new byte[len + 3];
      rnd.nextBytes(b);
      byte[] exact = java.util.Arrays.copyOfRange(b, 3, b.length);
      assertThat(Crc64.of(b, 3, len)).as("len %d", len).isEqualTo(bytewise(exact));
    }
  }

  @Test
  void update_piecesEqualWhole() {
    byte[] b = new byte[1000];
    new Random(7).nextBytes(b);
    Crc64 c = new Crc64();
    c.update(b, 0, 3);
    c.update(b[3]);
    c.update(b, 4, 500);
    c.update(b, 504, 496);
    assertThat(c.getValue()).isEqualTo(Crc64.of(b));
    c.reset();
    assertThat(c.getValue()).isZero();
  }

  @Test
  void updateLong_hashesBigEndianBytes() {
    Crc64 c = new Crc64();
    c.updateLong(0x0102030405060708L);
    assertThat(c.getValue()).isEqualTo(Crc64.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
  }

  /**
   * The one-table loop of docs/FORMAT.md ("Trailer and checksums"), written independently of the
   * production class.
   */
  private static long bytewise(byte[] data) {
    long[] t = new long[256];
    for (int i = 0; i < 256; i++) {
      long c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ 0xD800000000000000L : c >>> 1;
      }
      t[i] = c;
    }
    long crc = ~0L;
    for (byte b : data) {
      crc = t[(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
    }
    return ~crc;
  }
}
