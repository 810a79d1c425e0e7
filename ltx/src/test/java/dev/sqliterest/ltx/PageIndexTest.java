package dev.sqliterest.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageIndexTest {

  /** Enough entries to span several chunks and the growth of the first one. */
  @Test
  void keepsEveryEntryInOrderAcrossChunks() {
    List<PageIndex.Entry> expected = new ArrayList<>();
    PageIndex.Builder b = new PageIndex.Builder();
    for (int i = 0; i < 10_000; i++) {
      int pgno = i == 9_999 ? -1 : i + 1; // the last one: page number 0xFFFFFFFF
      long offset = 100L + 4_110L * i + (i == 5_000 ? 1L << 40 : 0);
      long size = i == 7_000 ? 0xFFFFFFFFL : 4_106;
      b.add(pgno, offset, size);
      expected.add(new PageIndex.Entry(pgno, offset, size));
    }
    PageIndex index = b.build();

    assertThat(index.size()).isEqualTo(10_000);
    assertThat(index.entries()).containsExactlyElementsOf(expected);
    assertThat(index).isEqualTo(new PageIndex(expected));
    for (int i : new int[] {0, 4_095, 4_096, 9_999}) {
      PageIndex.Entry e = expected.get(i);
      assertThat(index.matches(i, Integer.toUnsignedLong(e.pgno()), e.offset(), e.size())).isTrue();
      assertThat(index.matches(i, Integer.toUnsignedLong(e.pgno()), e.offset() + 1, e.size()))
          .isFalse();
    }
    assertThat(index.matches(10_000, 1, 100, 4_106)).as("past the end").isFalse();
  }

  /** A size above 32 bits must not spill into the page number it is packed with. */
  @Test
  void aSizeAbove32BitsNeverMatches() {
    PageIndex.Builder b = new PageIndex.Builder();
    b.add(3, 100, 10);
    PageIndex index = b.build();

    assertThat(index.matches(0, 3, 100, 10)).isTrue();
    assertThat(index.matches(0, 1, 100, (2L << 32) | 10)).isFalse();
    assertThatThrownBy(() -> new PageIndex.Builder().add(1, 0, 1L << 32))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodesLikeTheGoEncoder() {
    PageIndex index =
        new PageIndex(
            List.of(new PageIndex.Entry(1, 0x64, 0x25), new PageIndex.Entry(2, 137, 0x25)));

    // uvarint triples, then 0: 137 takes two bytes (0x89 0x01)
    assertThat(index.encode()).containsExactly(0x01, 0x64, 0x25, 0x02, 0x89, 0x01, 0x25, 0x00);
  }
}
