package dev.sqliterest.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The decoder accepts every valid LZ4 frame variant (docs/FORMAT.md, "Page frames") and rejects
 * broken ones.
 */
final class Lz4FrameVariantsTest {

  private static final int PS = 4096;
  private static final byte[] PAGE = TestFiles.page(new Random(9), PS);

  @Test
  void decode_referenceParameters() throws Exception {
    assertDecodes(f -> f.contentChecksum().compressed(PAGE, 0, PS));
  }

  @Test
  void decode_contentSizeAndBlockChecksums() throws Exception {
    assertDecodes(
        f -> f.contentChecksum().contentSize(PS).blockChecksums().compressed(PAGE, 0, PS));
  }

  @Test
  void decode_fourMegabyteBlocksStoredBlock() throws Exception {
    assertDecodes(f -> f.contentChecksum().bd(0x70).stored(PAGE, 0, PS));
  }

  @Test
  void decode_twoBlocksOneStored() throws Exception {
    assertDecodes(f -> f.contentChecksum().compressed(PAGE, 0, 1000).stored(PAGE, 1000, PS - 1000));
  }

  @Test
  void decode_noContentChecksumAccepted() throws Exception {
    assertDecodes(f -> f.compressed(PAGE, 0, PS));
  }

  @Test
  void decode_contentChecksumMismatch() {
    byte[] frame = new LtxAssembler.Frame().contentChecksum().compressed(PAGE, 0, PS).build(PAGE);
    frame[frame.length - 1] ^= 1;
    assertRejected(frame, "content checksum mismatch");
  }

  @Test
  void decode_headerChecksumMismatch() {
    byte[] frame = new LtxAssembler.Frame().contentChecksum().compressed(PAGE, 0, PS).build(PAGE);
    frame[6] ^= 1;
    assertRejected(frame, "header checksum mismatch");
  }

  @Test
  void decode_frameShorterThanPage() {
    byte[] frame =
        new LtxAssembler.Frame().contentChecksum().compressed(PAGE, 0, PS - 1).build(PAGE);
    assertRejected(frame, "frame holds 4095 bytes, page size is 4096");
  }

  @Test
  void decode_badFrameMagic() {
    byte[] frame = new LtxAssembler.Frame().contentChecksum().compressed(PAGE, 0, PS).build(PAGE);
    frame[0] = 0x05;
    assertRejected(frame, "bad magic");
  }

  private static void assertDecodes(Function<LtxAssembler.Frame, LtxAssembler.Frame> build)
      throws Exception {
    byte[] frame = build.apply(new LtxAssembler.Frame()).build(PAGE);
    byte[] file = file(frame);
    assertThat(TestFiles.decodePages(file).get(7)).isEqualTo(PAGE);
  }

  private static void assertRejected(byte[] frame, String message) {
    assertThatThrownBy(() -> LtxDecoder.verify(new ByteArrayInputStream(file(frame))))
        .isInstanceOf(LtxFormatException.class)
        .hasMessageContaining("page 7")
        .hasMessageContaining(message);
  }

  private static byte[] file(byte[] frame) {
    return LtxAssembler.assemble(
        LtxHeader.of(PS, 7, 4, 4, 0), List.of(new LtxAssembler.RawFrame(7, 0, frame, PAGE)));
  }
}
