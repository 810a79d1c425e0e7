package dev.sqliterest.ltx;

import static dev.sqliterest.ltx.TestFiles.filled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * Merge semantics (docs/FORMAT.md, "Merging files"): later file wins per page, Commit from the last
 * file.
 */
final class LtxCompactorTest {

  private static final LtxEncoder.Options BLOCK = LtxEncoder.Options.block();
  private static final LtxEncoder.Options FRAME = LtxEncoder.Options.DEFAULT;

  @Test
  void compact_laterFileWinsAndHeaderFromInputs() throws Exception {
    byte[] a = file(LtxHeader.of(512, 3, 1, 1, 10), Map.of(1, f(1), 2, f(2), 3, f(3)), FRAME);
    byte[] b =
        file(LtxHeader.of(512, 4, 2, 2, 20).withWal(32, 0, 0, 0), Map.of(2, f(22), 4, f(4)), BLOCK);
    byte[] c = file(LtxHeader.of(512, 4, 3, 3, 30), Map.of(2, f(33)), FRAME);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LtxSummary info = new LtxCompactor().compact(streams(a, b, c), out);

    assertThat(info.header())
        .isEqualTo(new LtxHeader(LtxHeader.FLAG_NO_CHECKSUM, 512, 4, 1, 3, 30, 0, 0, 0, 0, 0, 0));
    SortedMap<Integer, byte[]> pages = TestFiles.decodePages(out.toByteArray());
    assertThat(pages.keySet()).containsExactly(1, 2, 3, 4);
    assertThat(pages.get(1)).isEqualTo(f(1));
    assertThat(pages.get(2)).isEqualTo(f(33));
    assertThat(pages.get(3)).isEqualTo(f(3));
    assertThat(pages.get(4)).isEqualTo(f(4));
    assertThat(out.toByteArray()[LtxHeader.SIZE + 5]).as("frame encoding by default").isZero();
  }

  @Test
  void compact_dropsPagesAboveFinalCommit() throws Exception {
    byte[] a = file(LtxHeader.of(512, 4, 5, 5, 0), Map.of(1, f(1), 4, f(4)), FRAME);
    byte[] b = file(LtxHeader.of(512, 2, 6, 6, 0), Map.of(2, f(2)), FRAME);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LtxSummary info = new LtxCompactor(BLOCK).compact(streams(a, b), out);
    assertThat(info.header().commit()).isEqualTo(2);
    assertThat(TestFiles.decodePages(out.toByteArray()).keySet()).containsExactly(1, 2);
  }

  @Test
  void compact_overlappingRangesAllowed() throws Exception {
    byte[] a = file(LtxHeader.of(512, 1, 1, 3, 0), Map.of(1, f(1)), FRAME);
    byte[] b = file(LtxHeader.of(512, 1, 2, 7, 0), Map.of(1, f(7)), FRAME);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LtxSummary info = new LtxCompactor().compact(streams(a, b), out);
    assertThat(info.fileName().fileName()).isEqualTo("0000000000000001-0000000000000007.ltx");
    assertThat(TestFiles.decodePages(out.toByteArray()).get(1)).isEqualTo(f(7));
  }

  @Test
  void compact_gapRejected() throws Exception {
    byte[] a = file(LtxHeader.of(512, 1, 1, 1, 0), Map.of(1, f(1)), FRAME);
    byte[] b = file(LtxHeader.of(512, 1, 3, 3, 0), Map.of(1, f(3)), FRAME);
    assertThatThrownBy(() -> new LtxCompactor().compact(streams(a, b), new ByteArrayOutputStream()))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("non-contiguous transaction ids in input files");
  }

  @Test
  void compact_pageSizeMismatchRejected() throws Exception {
    byte[] a = file(LtxHeader.of(512, 1, 1, 1, 0), Map.of(1, f(1)), FRAME);
    byte[] b = file(LtxHeader.of(1024, 1, 2, 2, 0), Map.of(1, new byte[1024]), FRAME);
    assertThatThrownBy(() -> new LtxCompactor().compact(streams(a, b), new ByteArrayOutputStream()))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("different page sizes");
  }

  @Test
  void compact_snapshotMissingPageFilledByLaterFile() throws Exception {
    // Spec X2b: coverage is a property of the merged stream. An assembled snapshot lacking page 2:
    byte[] a =
        LtxAssembler.assemble(
            LtxHeader.of(512, 3, 1, 1, 0),
            List.of(
                LtxAssembler.block(1, f(1), LtxAssembler.lz4Block(f(1), 0, 512)),
                LtxAssembler.block(3, f(3), LtxAssembler.lz4Block(f(3), 0, 512))));
    byte[] b = file(LtxHeader.of(512, 3, 2, 2, 0), Map.of(2, f(2)), FRAME);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LtxCompactor().compact(streams(a, b), out);
    assertThat(TestFiles.decodePages(out.toByteArray()).keySet()).containsExactly(1, 2, 3);

    byte[] c = file(LtxHeader.of(512, 3, 2, 2, 0), Map.of(3, f(2)), FRAME);
    assertThatThrownBy(() -> new LtxCompactor().compact(streams(a, c), new ByteArrayOutputStream()))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("nonsequential page numbers in snapshot transaction: 1, 3");
  }

  @Test
  void compact_descendingInputRejected() throws Exception {
    byte[] a =
        LtxAssembler.assemble(
            LtxHeader.of(512, 3, 2, 2, 0),
            List.of(
                LtxAssembler.block(3, f(3), LtxAssembler.lz4Block(f(3), 0, 512)),
                LtxAssembler.block(1, f(1), LtxAssembler.lz4Block(f(1), 0, 512))));
    assertThatThrownBy(() -> new LtxCompactor().compact(streams(a), new ByteArrayOutputStream()))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("out-of-order page numbers in input file");
  }

  @Test
  void compact_corruptInputFailsAfterMerge() throws Exception {
    byte[] a = file(LtxHeader.of(512, 1, 1, 1, 0), Map.of(1, f(1)), FRAME);
    a[a.length - 1] ^= 1;
    assertThatThrownBy(() -> new LtxCompactor().compact(streams(a), new ByteArrayOutputStream()))
        .isInstanceOf(ChecksumMismatchException.class);
  }

  @Test
  void restoreTo_mergesPlanIntoDatabaseImage() throws Exception {
    byte[] a = file(LtxHeader.of(512, 3, 1, 2, 0), Map.of(1, f(1), 2, f(2), 3, f(3)), FRAME);
    byte[] b = file(LtxHeader.of(512, 2, 3, 3, 0), Map.of(2, f(9)), BLOCK);
    ByteArrayOutputStream db = new ByteArrayOutputStream();
    LtxHeader merged = new LtxCompactor().restoreTo(streams(a, b), db);
    assertThat(merged.commit()).isEqualTo(2);
    assertThat(merged.maxTxid()).isEqualTo(3);
    byte[] expected = new byte[1024];
    System.arraycopy(f(1), 0, expected, 0, 512);
    System.arraycopy(f(9), 0, expected, 512, 512);
    assertThat(db.toByteArray()).isEqualTo(expected);
  }

  @Test
  void restoreTo_planMustStartAtTxidOne() throws Exception {
    byte[] b = file(LtxHeader.of(512, 2, 3, 3, 0), Map.of(2, f(9)), BLOCK);
    assertThatThrownBy(() -> new LtxCompactor().restoreTo(streams(b), new ByteArrayOutputStream()))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("cannot decode non-snapshot ltx file");
  }

  @Test
  void restoreTo_pageMissingFromEveryInput() throws Exception {
    byte[] a =
        LtxAssembler.assemble(
            LtxHeader.of(512, 3, 1, 1, 0),
            List.of(LtxAssembler.block(1, f(1), LtxAssembler.lz4Block(f(1), 0, 512))));
    assertThatThrownBy(() -> new LtxCompactor().restoreTo(streams(a), new ByteArrayOutputStream()))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("restore plan misses pages 2..3");
  }

  private static byte[] f(int v) {
    return filled(512, v);
  }

  private static byte[] file(LtxHeader h, Map<Integer, byte[]> pages, LtxEncoder.Options o)
      throws Exception {
    return TestFiles.encode(h, pages, o);
  }

  private static List<InputStream> streams(byte[]... files) {
    List<InputStream> l = new ArrayList<>();
    for (byte[] f : files) {
      l.add(new ByteArrayInputStream(f));
    }
    return l;
  }
}
