package dev.sqliterest.ltx;

import static dev.sqliterest.ltx.TestFiles.filled;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The database-checksum vectors of the ltx library's tests (asserted by ltx's own tests). */
final class DatabaseChecksumTest {

  @Test
  void page_zeroPage() {
    assertThat(DatabaseChecksum.page(1, new byte[4096], 0, 4096)).isEqualTo(0xD9328F592D9E733DL);
  }

  @Test
  void value_specVectors() {
    assertThat(db(512, 0x01, 0x02, 0x03)).isEqualTo(0xEFFFFFFFECD99000L);
    assertThat(db(512, 0x31)).isEqualTo(0xEB1A999231044DDDL);
    assertThat(db(1024, 0x81, 0x82, 0x83)).isEqualTo(0x8A249272AD9F7DEAL);
    assertThat(db(1024, '2', '3')).isEqualTo(0xE1899B6D587AAAAAL);
  }

  private static long db(int pageSize, int... fills) {
    DatabaseChecksum c = new DatabaseChecksum();
    for (int i = 0; i < fills.length; i++) {
      c.add(i + 1, filled(pageSize, fills[i]), 0, pageSize);
    }
    return c.value();
  }
}
