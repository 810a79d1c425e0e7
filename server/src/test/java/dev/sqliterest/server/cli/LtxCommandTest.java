package dev.sqliterest.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.ltx.LtxHeader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sqlite-rest ltx dump|verify}, run through the picocli command object. */
final class LtxCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path good;

  @BeforeEach
  void writeFile() throws Exception {
    good = dir.resolve("0000000000000001-0000000000000002.ltx");
    try (OutputStream os = Files.newOutputStream(good)) {
      LtxEncoder enc =
          LtxEncoder.create(
              os, LtxHeader.of(512, 2, 1, 2, 1_700_000_000_000L).withWal(32, 0, 0, 0));
      byte[] page = new byte[512];
      Arrays.fill(page, (byte) 0xAB);
      enc.encodePage(1, page);
      enc.encodePage(2, new byte[512]);
      enc.finish();
    }
  }

  @Test
  void verify_validFile() {
    int exit = execute("verify", good.toString());
    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains(good + ": ok")
        .contains("txid=0000000000000001-0000000000000002")
        .contains("pages=2 commit=2 page-size=512");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void verify_corruptFileFailsWithReason() throws Exception {
    Path bad = dir.resolve("bad.ltx");
    byte[] b = Files.readAllBytes(good);
    b[b.length - 1] ^= 1;
    Files.write(bad, b);
    int exit = execute("verify", good.toString(), bad.toString());
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).contains(good + ": ok");
    assertThat(err.toString()).contains(bad + ": FAILED: file checksum mismatch");
  }

  @Test
  void verify_nameDisagreesWithHeader() throws Exception {
    Path renamed = dir.resolve("0000000000000007-0000000000000007.ltx");
    Files.copy(good, renamed);
    assertThat(execute("verify", renamed.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("header says 0000000000000001-0000000000000002.ltx");
  }

  @Test
  void verify_missingFile() {
    assertThat(execute("verify", dir.resolve("nope.ltx").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("nope.ltx: FAILED");
  }

  @Test
  void dump_printsHeaderPagesAndTrailer() {
    int exit = execute("dump", "--data", "8", good.toString());
    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("flags: 0x00000002 (no-checksum)")
        .contains("page-size: 512")
        .contains("min-txid: 0000000000000001")
        .contains("max-txid: 0000000000000002 (snapshot)")
        .contains("timestamp: 1700000000000 (2023-11-14T22:13:20Z)")
        .contains("wal-offset: 32")
        .contains("page 1: frame")
        .contains("  000000: abababababababab")
        .contains("index: page 1 at offset 100")
        .contains("pages: 2")
        .contains("(verified)");
  }

  @Test
  void dump_truncatedFileFails() throws Exception {
    Path cut = dir.resolve("cut.ltx");
    byte[] b = Files.readAllBytes(good);
    Files.write(cut, Arrays.copyOf(b, b.length - 20));
    assertThat(execute("dump", cut.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("page 2: frame");
    assertThat(err.toString()).contains("truncated ltx file");
  }

  @Test
  void noArguments_usageError() {
    assertThat(execute("verify")).isEqualTo(2);
  }

  private int execute(String... args) {
    CommandLine cli = new CommandLine(new LtxCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
