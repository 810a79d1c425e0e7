package dev.sqliterest.ltx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * LTX files written by the official Litestream v0.5.17 CLI (interop/gen-official-ltx.sh): three L0
 * syncs and a forced L9 snapshot of a small database. They decode, verify, and restore to the
 * checkpointed source database.
 */
final class OfficialLtxFilesTest {

  private static final Path ROOT = Path.of("src/test/resources/ltx/official");

  @Test
  void verify_everyOfficialFile() throws Exception {
    List<Path> files = allFiles();
    assertThat(files).hasSize(4);
    for (Path f : files) {
      LtxSummary info;
      try (InputStream in = Files.newInputStream(f)) {
        info = LtxDecoder.verify(in);
      }
      LtxHeader h = info.header();
      assertThat(h.flags()).as("%s flags", f).isEqualTo(LtxHeader.FLAG_NO_CHECKSUM);
      assertThat(h.pageSize()).isEqualTo(4096);
      assertThat(info.fileName().fileName()).isEqualTo(f.getFileName().toString());
      assertThat(info.size()).isEqualTo(Files.size(f));
      assertThat(info.trailer().postApplyChecksum()).isZero();
      assertThat(info.pageCount()).isPositive();
    }
  }

  @Test
  void decode_officialFilesUseBlockEncoding() throws Exception {
    byte[] file =
        Files.readAllBytes(ROOT.resolve("replica/ltx/0/0000000000000001-0000000000000001.ltx"));
    PageHeader first = PageHeader.parse(file, LtxHeader.SIZE);
    assertThat(first.pgno()).isEqualTo(1);
    assertThat(first.encoding()).isEqualTo(PageEncoding.BLOCK);
    assertThat(TestFiles.decodePages(file).firstKey()).isEqualTo(1);
  }

  @Test
  void decodeDatabaseTo_snapshotEqualsSource() throws Exception {
    byte[] expected = Files.readAllBytes(ROOT.resolve("expected-db.bin"));
    ByteArrayOutputStream db = new ByteArrayOutputStream();
    try (InputStream in =
        Files.newInputStream(ROOT.resolve("replica/ltx/9/0000000000000001-0000000000000003.ltx"))) {
      LtxDecoder.open(in).decodeDatabaseTo(db);
    }
    assertThat(db.toByteArray()).isEqualTo(expected);
  }

  @Test
  void compact_l0ChainEqualsSourceAndSnapshot() throws Exception {
    List<InputStream> inputs = new ArrayList<>();
    for (Path f : levelFiles(0)) {
      inputs.add(new ByteArrayInputStream(Files.readAllBytes(f)));
    }
    ByteArrayOutputStream merged = new ByteArrayOutputStream();
    LtxSummary info = new LtxCompactor().compact(inputs, merged);
    assertThat(info.fileName().fileName()).isEqualTo("0000000000000001-0000000000000003.ltx");
    ByteArrayOutputStream db = new ByteArrayOutputStream();
    LtxDecoder.open(new ByteArrayInputStream(merged.toByteArray())).decodeDatabaseTo(db);
    assertThat(db.toByteArray()).isEqualTo(Files.readAllBytes(ROOT.resolve("expected-db.bin")));
  }

  @Test
  void restoreTo_snapshotPlusL0EqualsSource() throws Exception {
    List<InputStream> plan = new ArrayList<>();
    plan.add(new ByteArrayInputStream(Files.readAllBytes(levelFiles(9).get(0))));
    ByteArrayOutputStream db = new ByteArrayOutputStream();
    LtxHeader merged = new LtxCompactor().restoreTo(plan, db);
    assertThat(merged.maxTxid()).isEqualTo(3);
    assertThat(db.toByteArray()).isEqualTo(Files.readAllBytes(ROOT.resolve("expected-db.bin")));

    List<InputStream> chain = new ArrayList<>();
    for (Path f : levelFiles(0)) {
      chain.add(new ByteArrayInputStream(Files.readAllBytes(f)));
    }
    ByteArrayOutputStream db2 = new ByteArrayOutputStream();
    new LtxCompactor().restoreTo(chain, db2);
    assertThat(db2.toByteArray()).isEqualTo(db.toByteArray());
  }

  private static List<Path> levelFiles(int level) throws Exception {
    try (Stream<Path> s = Files.list(ROOT.resolve("replica/ltx/" + level))) {
      return s.sorted().toList();
    }
  }

  private static List<Path> allFiles() throws Exception {
    List<Path> all = new ArrayList<>(levelFiles(0));
    all.addAll(levelFiles(9));
    return all;
  }
}
