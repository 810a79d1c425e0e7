package dev.sqliterest.ltx;

import static dev.sqliterest.ltx.TestFiles.filled;
import static dev.sqliterest.ltx.TestFiles.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Vectors V1–V3 (docs/FORMAT.md, "Test vectors"; made by an independent encoder), reproduced byte
 * for byte when the encoder is given the same LZ4 payload bytes, and decoded by our decoder.
 */
final class GoldenVectorTest {

  static final String V1 =
      """
      0000: 4c54583100000002000002000000000200000000000000010000000000000001
      0020: 0000018bcfe56800000000000000000000000000000000000000000000000000
      0040: 0000000000000000000000000000000000000000000000000000000000000000
      0060: 000000000000000100010000000c1f110100ffe8501111111111000000020001
      0080: 0000000c1f220100ffe8502222222222000000000000016416027a1600000000
      00a0: 00000000070000000000000000e5c4ffa29f06c06b
      """;

  static final String V2 =
      """
      0000: 4c54583100000002000002000000000200000000000000010000000000000001
      0020: 0000018bcfe56800000000000000000000000000000000000000000000000000
      0040: 0000000000000000000000000000000000000000000000000000000000000000
      0060: 0000000000000001000004224d186440a70c0000001f110100ffe85011111111
      0080: 110000000039d8e5d100000002000004224d186440a70c0000001f220100ffe8
      00a0: 502222222222000000009bc7a9f5000000000000016425028901250000000000
      00c0: 0000000800000000000000008798d6e38cfa4c50
      """;

  static final String V3 =
      """
      0000: 4c54583100000002000002000000000300000000000000020000000000000002
      0020: 0000018bcfe56be8000000000000000000000000000000200000000000000430
      0040: 0102030405060708000000000000000000000000000000000000000000000000
      0060: 000000000000000100010000000c1f440100ffe8504444444444000000030001
      0080: 0000000c1f330100ffe8503333333333000000000000016416037a1600000000
      00a0: 00000000070000000000000000a2bbbac7a745f3b6
      """;

  private static final long TS = 1700000000000L;
  private static final LtxEncoder.Options VECTOR_BLOCK =
      new LtxEncoder.Options(PageEncoding.BLOCK, new RunLengthCompressor());
  private static final LtxEncoder.Options VECTOR_FRAME =
      VECTOR_BLOCK.withEncoding(PageEncoding.FRAME);

  private static final LtxHeader SNAPSHOT = LtxHeader.of(512, 2, 1, 1, TS);
  private static final LtxHeader INCREMENT =
      LtxHeader.of(512, 3, 2, 2, TS + 1000).withWal(32, 1072, 0x01020304, 0x05060708);

  @Test
  void encode_v1SnapshotBlockEncoding() throws Exception {
    byte[] file =
        TestFiles.encode(
            SNAPSHOT, Map.of(1, filled(512, 0x11), 2, filled(512, 0x22)), VECTOR_BLOCK);
    assertThat(file).hasSize(181).isEqualTo(hex(V1));
  }

  @Test
  void encode_v2SnapshotFrameEncoding() throws Exception {
    byte[] file =
        TestFiles.encode(
            SNAPSHOT, Map.of(1, filled(512, 0x11), 2, filled(512, 0x22)), VECTOR_FRAME);
    assertThat(file).hasSize(212).isEqualTo(hex(V2));
  }

  @Test
  void encode_v3IncrementalBlockEncoding() throws Exception {
    byte[] file =
        TestFiles.encode(
            INCREMENT, Map.of(1, filled(512, 0x44), 3, filled(512, 0x33)), VECTOR_BLOCK);
    assertThat(file).hasSize(181).isEqualTo(hex(V3));
  }

  @Test
  void decode_v1AndV2SamePagesAndChecksums() throws Exception {
    for (String v : List.of(V1, V2)) {
      LtxDecoder d = LtxDecoder.open(new ByteArrayInputStream(hex(v)));
      assertThat(d.header()).isEqualTo(SNAPSHOT);
      assertThat(d.nextPage()).satisfies(p -> assertPage(p, 1, 0x11));
      assertThat(d.nextPage()).satisfies(p -> assertPage(p, 2, 0x22));
      assertThat(d.nextPage()).isNull();
      LtxSummary info = d.finish();
      assertThat(info.pageCount()).isEqualTo(2);
      assertThat(info.trailer().postApplyChecksum()).isZero();
    }
    assertThat(LtxDecoder.verify(new ByteArrayInputStream(hex(V1))).trailer().fileChecksum())
        .isEqualTo(0xE5C4FFA29F06C06BL);
    LtxSummary v2 = LtxDecoder.verify(new ByteArrayInputStream(hex(V2)));
    assertThat(v2.trailer().fileChecksum()).isEqualTo(0x8798D6E38CFA4C50L);
    assertThat(v2.index().entries())
        .containsExactly(new PageIndex.Entry(1, 0x64, 0x25), new PageIndex.Entry(2, 137, 0x25));
  }

  @Test
  void decode_v3HeaderAndPages() throws Exception {
    LtxDecoder d = LtxDecoder.open(new ByteArrayInputStream(hex(V3)));
    assertThat(d.header()).isEqualTo(INCREMENT);
    assertThat(d.nextPage()).satisfies(p -> assertPage(p, 1, 0x44));
    assertThat(d.nextPage()).satisfies(p -> assertPage(p, 3, 0x33));
    assertThat(d.finish().trailer().fileChecksum()).isEqualTo(0xA2BBBAC7A745F3B6L);
  }

  @Test
  void compact_v1ThenV3GivesSpecPages() throws Exception {
    var out = new java.io.ByteArrayOutputStream();
    LtxSummary info =
        new LtxCompactor()
            .compact(
                List.of(new ByteArrayInputStream(hex(V1)), new ByteArrayInputStream(hex(V3))), out);
    assertThat(info.header().minTxid()).isEqualTo(1);
    assertThat(info.header().maxTxid()).isEqualTo(2);
    assertThat(info.header().timestamp()).isEqualTo(TS + 1000);
    var db = new java.io.ByteArrayOutputStream();
    LtxDecoder.open(new ByteArrayInputStream(out.toByteArray())).decodeDatabaseTo(db);
    byte[] expected = new byte[3 * 512];
    java.util.Arrays.fill(expected, 0, 512, (byte) 0x44);
    java.util.Arrays.fill(expected, 512, 1024, (byte) 0x22);
    java.util.Arrays.fill(expected, 1024, 1536, (byte) 0x33);
    assertThat(db.toByteArray()).isEqualTo(expected);
  }

  private static void assertPage(LtxPage p, int pgno, int fill) {
    assertThat(p.pgno()).isEqualTo(pgno);
    assertThat(p.data()).isEqualTo(filled(512, fill));
  }
}
