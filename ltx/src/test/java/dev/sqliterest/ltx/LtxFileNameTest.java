package dev.sqliterest.ltx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class LtxFileNameTest {

  @Test
  void parse_roundTrip() {
    LtxFileName n = LtxFileName.parse("0000000000000001-00000000000000ff.ltx").orElseThrow();
    assertThat(n).isEqualTo(new LtxFileName(1, 255));
    assertThat(n.fileName()).isEqualTo("0000000000000001-00000000000000ff.ltx");
  }

  @Test
  void parse_rejectsUppercaseTmpAndReversedRanges() {
    assertThat(LtxFileName.parse("0000000000000001-00000000000000FF.ltx")).isEmpty();
    assertThat(LtxFileName.parse("0000000000000001-0000000000000001.ltx.tmp")).isEmpty();
    assertThat(LtxFileName.parse("0000000000000002-0000000000000001.ltx")).isEmpty();
    assertThat(LtxFileName.parse("0000000000000000-0000000000000001.ltx")).isEmpty();
  }

  @Test
  void txid_formatsAsSixteenLowercaseHexDigits() {
    assertThat(LtxFileName.formatTxid(0xabcL)).isEqualTo("0000000000000abc");
    assertThat(LtxFileName.formatTxid(-1L)).isEqualTo("ffffffffffffffff");
    assertThat(LtxFileName.parse("000000000000000A-000000000000000A.ltx")).isEmpty();
  }

  @Test
  void parse_acceptsTxidsAtOrAboveTwoToThe63() {
    // TXIDs are unsigned: a name LtxFileName.parse accepts must also construct
    assertThat(LtxFileName.parse("8000000000000000-ffffffffffffffff.ltx"))
        .contains(new LtxFileName(0x8000000000000000L, -1L));
    assertThat(new LtxFileName(-1L, -1L).fileName())
        .isEqualTo("ffffffffffffffff-ffffffffffffffff.ltx");
  }
}
