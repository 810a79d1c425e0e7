package dev.sqliterest.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The Go encoder's ordering, snapshot and trailer rules (docs/FORMAT.md, "Page frames", "Trailer
 * and checksums") as enforced here.
 */
final class LtxEncoderRulesTest {

  private static final byte[] PAGE = new byte[512];

  @Test
  void encodePage_snapshotMustStartAtOne() throws Exception {
    LtxEncoder e = encoder(LtxHeader.of(512, 3, 1, 1, 0));
    assertThatThrownBy(() -> e.encodePage(2, PAGE))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("snapshot transaction file must start with page number 1");
    assertThatThrownBy(() -> e.encodePage(1, PAGE)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void encodePage_snapshotMustBeConsecutive() throws Exception {
    LtxEncoder e = encoder(LtxHeader.of(512, 3, 1, 1, 0));
    e.encodePage(1, PAGE);
    assertThatThrownBy(() -> e.encodePage(3, PAGE))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("nonsequential page numbers in snapshot transaction: 1, 3");
  }

  @Test
  void finish_snapshotMustBeComplete() throws Exception {
    LtxEncoder e = encoder(LtxHeader.of(512, 3, 1, 1, 0));
    e.encodePage(1, PAGE);
    e.encodePage(2, PAGE);
    assertThatThrownBy(e::finish)
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("snapshot transaction file incomplete: last page 2, commit 3");
  }

  @Test
  void encodePage_incrementMustAscend() throws Exception {
    LtxEncoder e = encoder(LtxHeader.of(512, 9, 4, 4, 0));
    e.encodePage(5, PAGE);
    assertThatThrownBy(() -> e.encodePage(5, PAGE))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("out-of-order page numbers: 5, 5");
  }

  @Test
  void encodePage_pageAboveCommit() throws Exception {
    LtxEncoder e = encoder(LtxHeader.of(512, 9, 4, 4, 0));
    assertThatThrownBy(() -> e.encodePage(10, PAGE))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("page number 10 out-of-bounds for commit size 9");
  }

  @Test
  void encodePage_lockPageRefused() throws Exception {
    int lock = LtxHeader.lockPgno(65536);
    assertThat(lock).isEqualTo(16385);
    assertThat(LtxHeader.lockPgno(4096)).isEqualTo(262145);
    LtxEncoder e = encoder(LtxHeader.of(65536, lock + 5, 4, 4, 0));
    assertThatThrownBy(() -> e.encodePage(lock, new byte[65536]))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("cannot encode lock page 16385");
  }

  @Test
  void encodePage_snapshotSkipsLockPage() throws Exception {
    // 64 KiB pages put the lock page at 16385: a 16386-page snapshot has 16385 stored pages.
    int lock = LtxHeader.lockPgno(65536);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LtxEncoder e = LtxEncoder.create(out, LtxHeader.of(65536, lock + 1, 1, 1, 0));
    byte[] page = new byte[65536];
    for (int pgno = 1; pgno <= lock + 1; pgno++) {
      if (pgno != lock) {
        e.encodePage(pgno, page);
      }
    }
    LtxSummary info = e.finish();
    assertThat(info.pageCount()).isEqualTo(lock);
    long[] written = new long[2]; // total bytes, non-zero bytes inside the lock page
    java.io.OutputStream db =
        new java.io.OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
              long pos = written[0] + i;
              if (pos / 65536 == lock - 1 && b[off + i] != 0) {
                written[1]++;
              }
            }
            written[0] += len;
          }
        };
    LtxDecoder.open(new java.io.ByteArrayInputStream(out.toByteArray())).decodeDatabaseTo(db);
    assertThat(written[0]).isEqualTo((lock + 1) * 65536L);
    assertThat(written[1]).isZero();
  }

  @Test
  void create_invalidHeaderRefused() {
    assertThatThrownBy(() -> encoder(LtxHeader.of(1000, 1, 1, 1, 0)))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("invalid ltx page size: 1000");
  }

  @Test
  void finish_postApplyNotAllowedWithNoChecksum() throws Exception {
    LtxEncoder e = encoder(LtxHeader.of(512, 1, 2, 2, 0));
    e.setPostApplyChecksum(LtxHeader.CHECKSUM_FLAG | 5);
    assertThatThrownBy(e::finish)
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("post-apply checksum not allowed");
  }

  @Test
  void finish_zeroCommitNeedsEmptyChecksum() throws Exception {
    LtxEncoder e = encoder(LtxHeader.of(512, 0, 2, 2, 0));
    assertThatThrownBy(e::finish)
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("zero-length database");
  }

  @Test
  void encodePage_wrongPageLength() throws Exception {
    LtxEncoder e = encoder(LtxHeader.of(512, 1, 2, 2, 0));
    assertThatThrownBy(() -> e.encodePage(1, new byte[511]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static LtxEncoder encoder(LtxHeader h) throws Exception {
    return LtxEncoder.create(new ByteArrayOutputStream(), h);
  }
}
