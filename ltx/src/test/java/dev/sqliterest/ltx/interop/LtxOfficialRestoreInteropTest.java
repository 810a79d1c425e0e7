package dev.sqliterest.ltx.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.ltx.LtxDecoder;
import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.ltx.LtxPage;
import dev.sqliterest.ltx.LtxSummary;
import dev.sqliterest.ltx.PageEncoding;
import dev.sqliterest.ltx.PageIndex;
import dev.sqliterest.testing.OfficialTools;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official Litestream v0.5.17 readers accept replicas written with our encoder: {@code
 * litestream restore} and the VFS extension in hydration mode both rebuild a database
 * byte-identical to the checkpointed source, which passes {@code PRAGMA integrity_check}; the
 * reference {@code lz4} CLI decodes every LZ4 frame we write.
 *
 * <p>Replica: L0 TXIDs 1..8 plus an L9 snapshot at TXID 4 (plan: L9 1–4, L0 5…8), in both page
 * encodings. Tools come from interop/install.sh; missing tools abort locally and fail on CI.
 */
final class LtxOfficialRestoreInteropTest {

  /** {@link #assertRestored}: the newest state. */
  private static final int LATEST = -1;

  private static final int SNAPSHOT_TXID = 4;

  @TempDir static Path shared;
  @TempDir Path tmp;

  private static DatabaseHistory history;

  @BeforeAll
  static void buildHistory() throws Exception {
    history = DatabaseHistory.build(shared.resolve("source.db"));
    assertThat(history.lastTxid()).isEqualTo(8);
    // the VACUUM at TXID 6 shrinks the database: restore must truncate to the final Commit
    assertThat(history.image(6).length).isLessThan(history.image(5).length);
  }

  @ParameterizedTest
  @EnumSource(PageEncoding.class)
  void litestreamRestore_latest_byteIdentical(PageEncoding encoding) throws Exception {
    Path replica = replica(encoding, true);
    Path out = tmp.resolve("restored.db");
    assertRestored(litestreamRestore(replica, out, "-integrity-check", "full"), out, LATEST);
  }

  @Test
  void litestreamRestore_l0ChainOnlyAndTxidTarget() throws Exception {
    Path replica = replica(PageEncoding.FRAME, false);
    for (int txid : new int[] {3, 6, 8}) {
      Path out = tmp.resolve("restored-" + txid + ".db");
      assertRestored(
          litestreamRestore(replica, out, "-txid", String.format("%016x", txid)), out, txid);
    }
  }

  @Test
  void litestreamRestore_throughOurL1Compactions() throws Exception {
    // L0 {1, 8} + L1 {1-4 (a snapshot compaction), 5-7}: the plan must use both L1 files
    Path replica = tmp.resolve("replica-l1");
    ReplicaWriter w = new ReplicaWriter(replica, LtxEncoder.Options.DEFAULT);
    w.writeL0(history, history.lastTxid());
    w.compactToL1(1, 4);
    w.compactToL1(5, 7);
    Path out = tmp.resolve("restored-l1.db");
    assertRestored(litestreamRestore(replica, out), out, LATEST);
  }

  @Test
  void litestreamRestore_rejectsWhatOurDecoderRejects() throws Exception {
    Path replica = replica(PageEncoding.FRAME, true);
    Path l0 = replica.resolve("ltx/0/0000000000000007-0000000000000007.ltx");
    byte[] b = Files.readAllBytes(l0);
    b[b.length - 1] ^= 0x01; // file checksum
    Files.write(l0, b);
    assertThatThrownBy(() -> LtxDecoder.verify(new java.io.ByteArrayInputStream(b)))
        .isInstanceOf(dev.sqliterest.ltx.ChecksumMismatchException.class);
    Path out = tmp.resolve("rejected.db");
    OfficialTools.Result r = litestreamRestore(replica, out);
    assertThat(r.exitCode()).as(r.output()).isNotZero();
    assertThat(r.output()).contains("checksum mismatch");
    assertThat(out).doesNotExist();
  }

  @Test
  void ourRestoreTo_sameReplicaSameBytes() throws Exception {
    Path replica = replica(PageEncoding.BLOCK, true);
    List<Path> plan =
        List.of(
            replica.resolve("ltx/9/0000000000000001-0000000000000004.ltx"),
            replica.resolve("ltx/0/0000000000000005-0000000000000005.ltx"),
            replica.resolve("ltx/0/0000000000000006-0000000000000006.ltx"),
            replica.resolve("ltx/0/0000000000000007-0000000000000007.ltx"),
            replica.resolve("ltx/0/0000000000000008-0000000000000008.ltx"));
    List<InputStream> inputs = new java.util.ArrayList<>();
    for (Path p : plan) {
      inputs.add(Files.newInputStream(p));
    }
    ByteArrayOutputStream db = new ByteArrayOutputStream();
    try {
      new dev.sqliterest.ltx.LtxCompactor().restoreTo(inputs, db);
    } finally {
      for (InputStream in : inputs) {
        in.close();
      }
    }
    assertThat(db.toByteArray()).isEqualTo(history.image(history.lastTxid()));
  }

  @ParameterizedTest
  @EnumSource(PageEncoding.class)
  void vfsHydration_latest_byteIdentical(PageEncoding encoding) throws Exception {
    Path replica = replica(encoding, true);
    Path hydrated = tmp.resolve("hydrated.db");
    Path log = tmp.resolve("vfs.log");
    String script =
        ".load "
            + OfficialTools.vfsExtension()
            + "\n"
            + ".open --readonly \"file:app.db?vfs=litestream\"\n"
            + "SELECT count(*) FROM t;\n"
            + ".shell sleep 1\n";
    OfficialTools.Result r =
        OfficialTools.run(
            List.of(OfficialTools.systemTool("sqlite3").toString()),
            Map.of(
                "LITESTREAM_REPLICA_URL",
                "file://" + replica,
                "LITESTREAM_HYDRATION_ENABLED",
                "true",
                "LITESTREAM_HYDRATION_PATH",
                hydrated.toString(),
                "LITESTREAM_LOG_LEVEL",
                "DEBUG",
                "LITESTREAM_LOG_FILE",
                log.toString()),
            script.getBytes(StandardCharsets.UTF_8),
            tmp);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output().strip()).isEqualTo(Long.toString(history.finalRowCount()));
    String logText = awaitHydration(log);
    assertThat(logText)
        .as("vfs log")
        .contains("hydration complete")
        .contains("txid=0000000000000008")
        .doesNotContain("hydration failed");
    assertThat(Files.readAllBytes(hydrated)).isEqualTo(history.image(history.lastTxid()));
    assertThat(DatabaseHistory.integrityCheck(hydrated)).isEqualTo("ok");
  }

  @Test
  void lz4Cli_decodesEveryFrameWeWrite() throws Exception {
    Path replica = replica(PageEncoding.FRAME, true);
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    ByteArrayOutputStream pages = new ByteArrayOutputStream();
    int count = 0;
    for (Path f : ltxFiles(replica)) {
      byte[] file = Files.readAllBytes(f);
      LtxSummary info;
      try (InputStream in = Files.newInputStream(f)) {
        LtxDecoder d = LtxDecoder.open(in);
        for (LtxPage p; (p = d.nextPage()) != null; ) {
          pages.write(p.data());
        }
        info = d.finish();
      }
      for (PageIndex.Entry e : info.index().entries()) {
        frames.write(file, (int) e.offset() + 6, (int) e.size() - 6);
        count++;
      }
    }
    Path in = tmp.resolve("frames.lz4");
    Path out = tmp.resolve("frames.bin");
    Files.write(in, frames.toByteArray());
    OfficialTools.Result r =
        OfficialTools.run(
            List.of(
                OfficialTools.systemTool("lz4").toString(),
                "-d",
                "-q",
                "-f",
                in.toString(),
                out.toString()),
            Map.of(),
            null,
            tmp);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(count).isGreaterThan(50);
    assertThat(Files.readAllBytes(out)).isEqualTo(pages.toByteArray());
  }

  /** Runs the official {@code litestream restore [flags] -o out file://replica}. */
  private OfficialTools.Result litestreamRestore(Path replica, Path out, String... flags)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(OfficialTools.litestream().toString());
    command.add("restore");
    command.addAll(List.of(flags));
    command.addAll(List.of("-o", out.toString(), "file://" + replica));
    return OfficialTools.run(command, Map.of(), null, tmp);
  }

  /** The restore succeeded and {@code out} is the database at {@code txid}, intact. */
  private void assertRestored(OfficialTools.Result r, Path out, int txid) throws Exception {
    assertThat(r.exitCode()).as(r.output()).isZero();
    int at = txid == LATEST ? history.lastTxid() : txid;
    assertThat(Files.readAllBytes(out)).as("txid %d", at).isEqualTo(history.image(at));
    assertThat(DatabaseHistory.integrityCheck(out)).isEqualTo("ok");
  }

  private Path replica(PageEncoding encoding, boolean withSnapshot) throws Exception {
    Path root =
        tmp.resolve("replica-" + encoding.name().toLowerCase() + (withSnapshot ? "-l9" : ""));
    ReplicaWriter w = new ReplicaWriter(root, LtxEncoder.Options.DEFAULT.withEncoding(encoding));
    w.writeL0(history, history.lastTxid());
    if (withSnapshot) {
      w.writeSnapshot(history, SNAPSHOT_TXID);
    }
    return root;
  }

  private static List<Path> ltxFiles(Path replica) throws Exception {
    try (Stream<Path> s = Files.walk(replica)) {
      return s.filter(p -> p.toString().endsWith(".ltx")).sorted().toList();
    }
  }

  /** Hydration runs in the background after {@code .open}; wait for its log line. */
  private static String awaitHydration(Path log) throws Exception {
    String text = "";
    for (int i = 0; i < 100; i++) {
      text = Files.exists(log) ? Files.readString(log) : "";
      if (text.contains("hydration complete") || text.contains("hydration failed")) {
        return text;
      }
      Thread.sleep(100);
    }
    return text;
  }
}
