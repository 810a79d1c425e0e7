package dev.sqliterest.ltx;

import static dev.sqliterest.ltx.TestFiles.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Malformed files (the negative cases of docs/FORMAT.md): each is a precise error, never a partial
 * decode. Mutations start from golden vector V1 (snapshot, block encoding, 512-byte pages).
 */
final class LtxRejectionTest {

  private static final byte[] V1 = hex(GoldenVectorTest.V1);
  private static final byte[] V2 = hex(GoldenVectorTest.V2);

  @Test
  void verify_corruptedFileChecksum() {
    for (int bit = 0; bit < 64; bit += 9) {
      byte[] f = V1.clone();
      f[f.length - 1 - bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> verify(f))
          .isInstanceOf(ChecksumMismatchException.class)
          .hasMessageContaining("file checksum mismatch");
    }
  }

  @Test
  void verify_corruptedPageData() {
    byte[] f = V1.clone();
    f[0x6F] = 0x10; // first literal of page 1's block: page decodes, checksum differs
    assertThatThrownBy(() -> verify(f))
        .isInstanceOfSatisfying(
            ChecksumMismatchException.class,
            e -> assertThat(e.expected()).isEqualTo(0xE5C4FFA29F06C06BL));
  }

  @Test
  void verify_pageIndexEntryNotMatchingFrame() {
    byte[] f = V1.clone();
    f[0x97] = 0x65; // page 1 offset in the index
    assertThatThrownBy(() -> verify(f))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("page index entry 0");
  }

  @Test
  void open_badPageFlags() {
    byte[] f = V1.clone();
    f[0x69] = 0x02;
    expectFormatError(f).hasMessageContaining("invalid page header flags 0x0002 on page 1");
  }

  @Test
  void open_headerFlagOne() {
    byte[] f = V1.clone();
    f[7] = 0x01;
    expectFormatError(f).hasMessageContaining("invalid ltx header flags: 0x00000001");
  }

  @Test
  void open_minTxidZero() {
    byte[] f = V1.clone();
    f[23] = 0;
    expectFormatError(f).hasMessageContaining("ltx min txid required");
  }

  @Test
  void open_minGreaterThanMax() {
    byte[] f = V1.clone();
    f[23] = 2;
    expectFormatError(f).hasMessageContaining("greater than max txid");
  }

  @Test
  void open_pageSizeNotPowerOfTwo() {
    byte[] f = V1.clone();
    Bytes.putI32(f, 8, 3000);
    expectFormatError(f).hasMessageContaining("invalid ltx page size: 3000");
  }

  @Test
  void open_badMagic() {
    byte[] f = V1.clone();
    f[3] = '2';
    expectFormatError(f).hasMessageContaining("bad magic");
  }

  @Test
  void open_walSizeWithoutOffset() {
    byte[] f = V1.clone();
    f[63] = 1;
    expectFormatError(f).hasMessageContaining("wal offset required if wal size exists");
  }

  @Test
  void open_saltWithoutOffset() {
    byte[] f = V1.clone();
    f[67] = 1;
    expectFormatError(f).hasMessageContaining("wal offset required if salt exists");
  }

  @Test
  void verify_truncatedPageIndex() {
    for (int cut : new int[] {0x97, 0x9A, 0x9D, 0xA0}) {
      byte[] f = Arrays.copyOf(V1, cut);
      expectFormatError(f)
          .hasMessageContaining("truncated ltx file")
          .hasMessageContaining("page index");
    }
  }

  @Test
  void verify_truncatedTrailer() {
    byte[] f = Arrays.copyOf(V1, V1.length - 3);
    expectFormatError(f).hasMessageContaining("truncated ltx file").hasMessageContaining("trailer");
  }

  @Test
  void verify_truncatedInsidePage() {
    expectFormatError(Arrays.copyOf(V1, 0x70)).hasMessageContaining("lz4 block of page 1");
    expectFormatError(Arrays.copyOf(V2, 0x70)).hasMessageContaining("lz4 frame of page 1");
    expectFormatError(Arrays.copyOf(V1, 50)).hasMessageContaining("header");
  }

  @Test
  void verify_pageIndexSizeFieldWrong() {
    byte[] f = V1.clone();
    f[0x9D + 7] = 8;
    expectFormatError(f).hasMessageContaining("page index size field says 8 bytes, index has 7");
  }

  @Test
  void verify_dataAfterTrailer() {
    byte[] f = Arrays.copyOf(V1, V1.length + 1);
    expectFormatError(f).hasMessageContaining("unexpected data after ltx trailer");
  }

  @Test
  void verify_blockDecodingShortOfPage() {
    byte[] page = TestFiles.filled(512, 0x5A);
    byte[] shortBlock = LtxAssembler.lz4Block(page, 0, 412);
    byte[] f =
        LtxAssembler.assemble(
            LtxHeader.of(512, 1, 2, 2, 0), List.of(LtxAssembler.block(1, page, shortBlock)));
    expectFormatError(f).hasMessageContaining("lz4 block on page 1 decodes to 412 bytes");
  }

  @Test
  void verify_corruptBlock() {
    byte[] page = TestFiles.filled(512, 0x5A);
    byte[] block = LtxAssembler.lz4Block(page, 0, 512);
    block[block.length - 1] = 0x7F;
    block[0] = (byte) 0xFF;
    byte[] f =
        LtxAssembler.assemble(
            LtxHeader.of(512, 1, 2, 2, 0), List.of(LtxAssembler.block(1, page, block)));
    expectFormatError(f).hasMessageContaining("page 1");
  }

  @Test
  void verify_trackedSnapshotWithWrongPostApply() {
    byte[] f = V1.clone();
    f[7] = 0; // flags 0: checksums tracked, trailer's post-apply 0 cannot match the pages
    assertThatThrownBy(() -> verify(f)).isInstanceOf(ChecksumMismatchException.class);
  }

  @Test
  void verify_emptyStream() {
    expectFormatError(new byte[0]).hasMessageContaining("reading header at offset 0");
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> expectFormatError(byte[] f) {
    return assertThatThrownBy(() -> verify(f)).isInstanceOf(LtxFormatException.class);
  }

  private static LtxSummary verify(byte[] f) throws Exception {
    return LtxDecoder.verify(new ByteArrayInputStream(f));
  }
}
