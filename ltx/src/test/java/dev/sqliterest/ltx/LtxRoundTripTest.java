package dev.sqliterest.ltx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class LtxRoundTripTest {

  @ParameterizedTest
  @EnumSource(PageEncoding.class)
  void roundTrip_snapshotRandomPages(PageEncoding encoding) throws Exception {
    Random rnd = new Random(1);
    SortedMap<Integer, byte[]> pages = new TreeMap<>();
    for (int pgno = 1; pgno <= 40; pgno++) {
      pages.put(pgno, TestFiles.page(rnd, 4096));
    }
    LtxHeader h = LtxHeader.of(4096, 40, 1, 7, 123).withWal(32, 0, 0, 0);
    byte[] file = TestFiles.encode(h, pages, LtxEncoder.Options.DEFAULT.withEncoding(encoding));

    LtxDecoder d = LtxDecoder.open(new ByteArrayInputStream(file));
    assertThat(d.header()).isEqualTo(h);
    SortedMap<Integer, byte[]> decoded = new TreeMap<>();
    for (LtxPage p; (p = d.nextPage()) != null; ) {
      decoded.put(p.pgno(), p.data());
    }
    LtxSummary info = d.finish();
    assertThat(decoded.keySet()).isEqualTo(pages.keySet());
    pages.forEach((k, v) -> assertThat(decoded.get(k)).as("page %d", k).isEqualTo(v));
    assertThat(info.size()).isEqualTo(file.length);
    assertThat(info.index().entries()).hasSize(40);
    for (PageIndex.Entry e : info.index().entries()) {
      assertThat(Bytes.i32(file, (int) e.offset())).isEqualTo(e.pgno());
      assertThat(Bytes.u16(file, (int) e.offset() + 4)).isEqualTo(encoding.pageFlags());
    }
    assertThat(file.length).isLessThan(40 * 4096);
  }

  @ParameterizedTest
  @EnumSource(PageEncoding.class)
  void roundTrip_incompressibleAndZeroPages(PageEncoding encoding) throws Exception {
    Random rnd = new Random(2);
    byte[] noise = new byte[512];
    rnd.nextBytes(noise);
    Map<Integer, byte[]> pages = Map.of(3, noise, 9, new byte[512]);
    LtxHeader h = LtxHeader.of(512, 9, 5, 5, 0);
    byte[] file = TestFiles.encode(h, pages, LtxEncoder.Options.DEFAULT.withEncoding(encoding));
    SortedMap<Integer, byte[]> decoded = TestFiles.decodePages(file);
    assertThat(decoded.get(3)).isEqualTo(noise);
    assertThat(decoded.get(9)).isEqualTo(new byte[512]);
    if (encoding == PageEncoding.FRAME) {
      // stored block: block size word has bit 31 set, as Go's writer does for incompressible data
      int sizeWord = Bytes.le32(file, LtxHeader.SIZE + PageHeader.SIZE + 7);
      assertThat(sizeWord).isEqualTo(512 | 0x80000000);
    }
  }

  @ParameterizedTest
  @EnumSource(PageEncoding.class)
  void roundTrip_zeroPageIncrement(PageEncoding encoding) throws Exception {
    LtxHeader h = LtxHeader.of(1024, 4, 3, 3, 0);
    byte[] file = TestFiles.encode(h, Map.of(), LtxEncoder.Options.DEFAULT.withEncoding(encoding));
    LtxSummary info = LtxDecoder.verify(new ByteArrayInputStream(file));
    assertThat(info.pageCount()).isZero();
    assertThat(file).hasSize(LtxHeader.SIZE + PageHeader.SIZE + 1 + 8 + LtxTrailer.SIZE);
  }

  @ParameterizedTest
  @EnumSource(PageEncoding.class)
  void roundTrip_largestPageSize(PageEncoding encoding) throws Exception {
    Random rnd = new Random(3);
    Map<Integer, byte[]> pages =
        Map.of(1, TestFiles.page(rnd, 65536), 2, TestFiles.page(rnd, 65536));
    LtxHeader h = LtxHeader.of(65536, 2, 1, 1, 0);
    byte[] file = TestFiles.encode(h, pages, LtxEncoder.Options.DEFAULT.withEncoding(encoding));
    SortedMap<Integer, byte[]> decoded = TestFiles.decodePages(file);
    assertThat(decoded.get(1)).isEqualTo(pages.get(1));
    assertThat(decoded.get(2)).isEqualTo(pages.get(2));
  }

  @ParameterizedTest
  @EnumSource(PageEncoding.class)
  void decodeDatabaseTo_writesPagesInOrder(PageEncoding encoding) throws Exception {
    Random rnd = new Random(4);
    SortedMap<Integer, byte[]> pages = new TreeMap<>();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int pgno = 1; pgno <= 5; pgno++) {
      byte[] p = TestFiles.page(rnd, 512);
      pages.put(pgno, p);
      expected.write(p);
    }
    byte[] file =
        TestFiles.encode(
            LtxHeader.of(512, 5, 1, 2, 0),
            pages,
            LtxEncoder.Options.DEFAULT.withEncoding(encoding));
    ByteArrayOutputStream db = new ByteArrayOutputStream();
    LtxDecoder.open(new ByteArrayInputStream(file)).decodeDatabaseTo(db);
    assertThat(db.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @ParameterizedTest
  @EnumSource(PageEncoding.class)
  void roundTrip_trackedChecksumSnapshot(PageEncoding encoding) throws Exception {
    byte[] p1 = TestFiles.filled(512, 1);
    byte[] p2 = TestFiles.filled(512, 2);
    DatabaseChecksum sum = new DatabaseChecksum();
    sum.add(1, p1, 0, 512);
    sum.add(2, p2, 0, 512);
    LtxHeader h = new LtxHeader(0, 512, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LtxEncoder enc = LtxEncoder.create(out, h, LtxEncoder.Options.DEFAULT.withEncoding(encoding));
    enc.encodePage(1, p1);
    enc.encodePage(2, p2);
    enc.setPostApplyChecksum(sum.value());
    enc.finish();
    LtxSummary info = LtxDecoder.verify(new ByteArrayInputStream(out.toByteArray()));
    assertThat(info.trailer().postApplyChecksum()).isEqualTo(sum.value());
  }
}
