package dev.sqliterest.replication.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.client.LtxFileInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plan cases (docs/FORMAT.md, "Plan") whose outcome was observed on the official reader. */
final class RestorePlannerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A file created at T0 + maxTxid seconds, unless given. */
  private static LtxFileInfo f(int level, long min, long max) {
    return new LtxFileInfo(level, min, max, 100 * (max - min + 1), T0.plusSeconds(max));
  }

  private static List<LtxFileInfo> l0(long from, long to) {
    List<LtxFileInfo> out = new ArrayList<>();
    for (long t = from; t <= to; t++) {
      out.add(f(0, t, t));
    }
    return out;
  }

  private static ReplicaListing listing(List<LtxFileInfo>... groups) {
    List<LtxFileInfo> all = new ArrayList<>();
    for (List<LtxFileInfo> g : groups) {
      all.addAll(g);
    }
    return ReplicaListing.of(all);
  }

  private static List<String> plan(ReplicaListing l, RestoreTarget t) throws RestoreException {
    return RestorePlanner.plan(l, t).files().stream()
        .map(LtxFileInfo::toString)
        .map(s -> s.replaceAll("0{10,}", ""))
        .toList();
  }

  @Test
  void snapshotThenL0Tail_A1() throws Exception {
    ReplicaListing l = listing(List.of(f(9, 1, 5)), l0(6, 10));
    RestorePlan p = RestorePlanner.plan(l, RestoreTarget.latest());
    assertThat(p.txid()).isEqualTo(10);
    assertThat(plan(l, RestoreTarget.latest()))
        .containsExactly(
            "L9/1-5.ltx", "L0/6-6.ltx", "L0/7-7.ltx", "L0/8-8.ltx", "L0/9-9.ltx", "L0/a-a.ltx");
    assertThat(p.totalSize()).isEqualTo(500 + 5 * 100);
  }

  @Test
  void snapshotAndFullL0_skipsCoveredL0_A2() throws Exception {
    ReplicaListing l = listing(List.of(f(9, 1, 5)), l0(1, 10));
    assertThat(plan(l, RestoreTarget.latest())).first().isEqualTo("L9/1-5.ltx");
    assertThat(plan(l, RestoreTarget.latest())).hasSize(6).last().isEqualTo("L0/a-a.ltx");
  }

  @Test
  void l0Only_A3() throws Exception {
    assertThat(plan(listing(l0(1, 10)), RestoreTarget.latest())).hasSize(10);
  }

  @Test
  void snapshotL1L0_andOverlaps_B1_B2_B3() throws Exception {
    assertThat(plan(listing(List.of(f(9, 1, 3), f(1, 4, 7)), l0(8, 10)), RestoreTarget.latest()))
        .containsExactly("L9/1-3.ltx", "L1/4-7.ltx", "L0/8-8.ltx", "L0/9-9.ltx", "L0/a-a.ltx");
    assertThat(plan(listing(List.of(f(9, 1, 3), f(1, 2, 7)), l0(5, 10)), RestoreTarget.latest()))
        .containsExactly("L9/1-3.ltx", "L1/2-7.ltx", "L0/8-8.ltx", "L0/9-9.ltx", "L0/a-a.ltx");
    assertThat(plan(listing(List.of(f(1, 1, 6)), l0(5, 10)), RestoreTarget.latest()))
        .containsExactly("L1/1-6.ltx", "L0/7-7.ltx", "L0/8-8.ltx", "L0/9-9.ltx", "L0/a-a.ltx");
  }

  @Test
  void longerCompactionWinsOverL0() throws Exception {
    assertThat(
            plan(
                listing(List.of(f(3, 1, 8), f(2, 1, 6), f(1, 1, 4)), l0(1, 9)),
                RestoreTarget.latest()))
        .containsExactly("L3/1-8.ltx", "L0/9-9.ltx");
  }

  @Test
  void gap_latestFailsLoudly_C1_C4() {
    List<LtxFileInfo> c1 = new ArrayList<>(l0(4, 5));
    c1.addAll(l0(7, 10));
    assertThatThrownBy(
            () -> RestorePlanner.plan(listing(List.of(f(9, 1, 3)), c1), RestoreTarget.latest()))
        .isInstanceOf(NonContiguousLtxFilesException.class)
        .hasMessageContaining(
            "have up to 0000000000000005 but next file starts at 0000000000000007");
    List<LtxFileInfo> c4 = new ArrayList<>(l0(4, 7));
    c4.addAll(l0(9, 10));
    assertThatThrownBy(
            () -> RestorePlanner.plan(listing(List.of(f(9, 1, 3)), c4), RestoreTarget.latest()))
        .isInstanceOf(NonContiguousLtxFilesException.class)
        .hasMessageContaining("have up to 0000000000000007");
  }

  @Test
  void gapBridgedByHigherLevel_C3() throws Exception {
    List<LtxFileInfo> c3 = new ArrayList<>(l0(4, 5));
    c3.addAll(l0(7, 10));
    c3.add(f(1, 4, 7));
    assertThat(plan(listing(List.of(f(9, 1, 3)), c3), RestoreTarget.latest()))
        .containsExactly("L9/1-3.ltx", "L1/4-7.ltx", "L0/8-8.ltx", "L0/9-9.ltx", "L0/a-a.ltx");
  }

  @Test
  void noChainFromTxid1_txNotAvailable_C2() {
    assertThatThrownBy(() -> RestorePlanner.plan(listing(l0(2, 10)), RestoreTarget.latest()))
        .isInstanceOf(TxNotAvailableException.class)
        .hasMessageContaining("no matching backup files available");
    assertThatThrownBy(() -> RestorePlanner.plan(listing(), RestoreTarget.latest()))
        .isInstanceOf(TxNotAvailableException.class);
  }

  @Test
  void txidTarget_stopsThere_andNeedsAFileEndingThere() throws Exception {
    ReplicaListing l = listing(List.of(f(9, 1, 5), f(1, 6, 8)), l0(1, 10));
    assertThat(plan(l, new RestoreTarget.AtTxid(7)))
        .containsExactly("L9/1-5.ltx", "L0/6-6.ltx", "L0/7-7.ltx");
    assertThat(plan(l, new RestoreTarget.AtTxid(3)))
        .containsExactly("L0/1-1.ltx", "L0/2-2.ltx", "L0/3-3.ltx");
    assertThat(plan(l, new RestoreTarget.AtTxid(5))).containsExactly("L9/1-5.ltx");
    assertThat(plan(l, new RestoreTarget.AtTxid(8))).containsExactly("L9/1-5.ltx", "L1/6-8.ltx");
    assertThatThrownBy(() -> RestorePlanner.plan(l, new RestoreTarget.AtTxid(11)))
        .isInstanceOf(TxNotAvailableException.class)
        .hasMessageContaining("reach 000000000000000a");
    // L3 1-8 only, no L0: TXID 6 is not the end of any file
    assertThatThrownBy(
            () -> RestorePlanner.plan(listing(List.of(f(3, 1, 8))), new RestoreTarget.AtTxid(6)))
        .isInstanceOf(TxNotAvailableException.class);
  }

  @Test
  void txidTarget_beyondGap_notAvailable() {
    List<LtxFileInfo> files = new ArrayList<>(l0(1, 5));
    files.addAll(l0(7, 10));
    assertThatThrownBy(() -> RestorePlanner.plan(listing(files), new RestoreTarget.AtTxid(8)))
        .isInstanceOf(TxNotAvailableException.class);
  }

  @Test
  void timeTarget_strictlyBefore_T1toT5() throws Exception {
    ReplicaListing l =
        listing(
            List.of(new LtxFileInfo(9, 1, 5, 500, T0.plusSeconds(5).plusMillis(500))), l0(1, 10));
    // between TXIDs 2 and 3: L0 1, 2 (snapshot is newer than τ)
    assertThat(plan(l, new RestoreTarget.AtTime(T0.plusSeconds(2).plusMillis(300))))
        .containsExactly("L0/1-1.ltx", "L0/2-2.ltx");
    // τ = CreatedAt(7): 7 excluded → state 6
    assertThat(RestorePlanner.plan(l, new RestoreTarget.AtTime(T0.plusSeconds(7))).txid())
        .isEqualTo(6);
    // τ = CreatedAt(7) + 1 ms → state 7
    assertThat(
            RestorePlanner.plan(l, new RestoreTarget.AtTime(T0.plusSeconds(7).plusMillis(1)))
                .txid())
        .isEqualTo(7);
    // τ just after the L9 → state 5 from L9 alone
    assertThat(plan(l, new RestoreTarget.AtTime(T0.plusSeconds(5).plusMillis(501))))
        .containsExactly("L9/1-5.ltx");
    // τ after everything → state 10
    assertThat(RestorePlanner.plan(l, new RestoreTarget.AtTime(T0.plusSeconds(100))).txid())
        .isEqualTo(10);
    // τ before everything → nothing
    assertThatThrownBy(() -> RestorePlanner.plan(l, new RestoreTarget.AtTime(T0)))
        .isInstanceOf(TxNotAvailableException.class)
        .hasMessageContaining("created before");
  }

  @Test
  void timeTarget_stopsSilentlyBeforeGap() throws Exception {
    List<LtxFileInfo> files = new ArrayList<>(l0(1, 5));
    files.addAll(l0(7, 10));
    assertThat(
            RestorePlanner.plan(listing(files), new RestoreTarget.AtTime(T0.plusSeconds(100)))
                .txid())
        .isEqualTo(5);
  }

  @Test
  void tieBreaks_smallerMinThenHigherLevelThenOlder() {
    LtxFileInfo a = f(1, 1, 8);
    assertThat(RestorePlanner.better(f(2, 1, 9), a)).isTrue();
    assertThat(RestorePlanner.better(f(1, 1, 8), f(2, 3, 8))).isTrue();
    assertThat(RestorePlanner.better(f(2, 1, 8), f(1, 1, 8))).isTrue();
    LtxFileInfo older = new LtxFileInfo(1, 1, 8, 1, T0);
    assertThat(RestorePlanner.better(older, a)).isTrue();
    assertThat(RestorePlanner.better(a, older)).isFalse();
  }

  @Test
  void newestEligibleSnapshotIsChosen() throws Exception {
    ReplicaListing l = listing(List.of(f(9, 1, 3), f(9, 1, 6)), l0(4, 8));
    assertThat(plan(l, RestoreTarget.latest()))
        .containsExactly("L9/1-6.ltx", "L0/7-7.ltx", "L0/8-8.ltx");
    assertThat(plan(l, new RestoreTarget.AtTxid(5)))
        .containsExactly("L9/1-3.ltx", "L0/4-4.ltx", "L0/5-5.ltx");
  }
}
