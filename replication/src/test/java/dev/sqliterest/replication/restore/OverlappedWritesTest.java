package dev.sqliterest.replication.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.replication.client.file.FileReplicaClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore large enough that the writer thread still writes earlier runs while later pages are
 * decoded (several MiB, more than {@link WriteBehind#BUFFERS} buffers): the result is the files
 * applied in order, and a failure in a later file leaves no file behind.
 */
final class OverlappedWritesTest {

  private static final int PAGE = 4096;
  private static final int PAGES = 3000; // about 12 MiB: a dozen runs of 1 MiB

  @TempDir Path dir;

  /** Page contents of file {@code txid} for {@code pgno}, random enough that LZ4 keeps it. */
  private static byte[] page(long txid, int pgno) {
    byte[] b = new byte[PAGE];
    new Random(txid * 1_000_003 + pgno).nextBytes(b);
    return b;
  }

  /** The snapshot (TXID 1, every page) and two update files (TXIDs 2 and 3) sharing pages. */
  private static boolean inFile(long txid, int pgno) {
    return txid == 1 || (txid == 2 && pgno % 3 == 0) || (txid == 3 && pgno % 5 == 0);
  }

  private static byte[] encode(long txid, int corruptPgno) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LtxHeader h = LtxHeader.of(PAGE, PAGES, txid, txid, 1_767_225_600_000L + txid * 1000);
    if (txid > 1) {
      h = h.withWal(32, 0, 0, 0);
    }
    LtxEncoder enc = LtxEncoder.create(bytes, h, LtxEncoder.Options.block());
    for (int pgno = 1; pgno <= PAGES; pgno++) {
      if (inFile(txid, pgno)) {
        enc.encodePage(pgno, page(txid, pgno));
      }
    }
    enc.finish();
    byte[] b = bytes.toByteArray();
    if (corruptPgno > 0) {
      b[b.length - (PAGES - corruptPgno) * 1000] ^= 0x55; // inside a late page's payload
    }
    return b;
  }

  private FileReplicaClient replica(int corruptPgnoOfLastFile) throws Exception {
    FileReplicaClient c = new FileReplicaClient(dir.resolve("replica"));
    c.writeLtxFile(9, 1, 1, new ByteArrayInputStream(encode(1, 0)));
    c.writeLtxFile(0, 2, 2, new ByteArrayInputStream(encode(2, 0)));
    c.writeLtxFile(0, 3, 3, new ByteArrayInputStream(encode(3, corruptPgnoOfLastFile)));
    return c;
  }

  private RestoreResult restore(FileReplicaClient c, Path out) throws Exception {
    return restore(c, out, IntegrityCheck.NONE);
  }

  private RestoreResult restore(FileReplicaClient c, Path out, IntegrityCheck check)
      throws Exception {
    return new Restorer(c).restore(RestoreTarget.latest(), out, check, RestoreProgress.NONE);
  }

  @Test
  void largeRestore_laterFilesWin_byteForByte() throws Exception {
    Path out = dir.resolve("out/db");
    try (FileReplicaClient c = replica(0)) {
      assertThat(restore(c, out).txid()).isEqualTo(3);
    }
    byte[] expected = new byte[PAGES * PAGE];
    for (int pgno = 1; pgno <= PAGES; pgno++) {
      long newest = inFile(3, pgno) ? 3 : inFile(2, pgno) ? 2 : 1;
      System.arraycopy(page(newest, pgno), 0, expected, (pgno - 1) * PAGE, PAGE);
    }
    assertThat(Files.readAllBytes(out)).isEqualTo(expected);
  }

  @Test
  void corruptPageLateInTheLastFile_failsNamingIt_andLeavesNoFile() throws Exception {
    Path out = dir.resolve("out/db");
    try (FileReplicaClient c = replica(PAGES - 40)) {
      assertThatThrownBy(() -> restore(c, out))
          .isInstanceOf(RestoreException.class)
          .hasMessageContaining("0000000000000003-0000000000000003.ltx");
    }
    try (var files = Files.list(out.getParent())) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void failedCheck_whileTheFsyncRuns_leavesNoFile_andKeepsTheOutput() throws Exception {
    Path out = dir.resolve("out/db");
    Files.createDirectories(out.getParent());
    Files.write(out, new byte[] {7});
    try (FileReplicaClient c = replica(0)) {
      // random pages are no SQLite database: the check fails while the fsync runs beside it
      assertThatThrownBy(() -> restore(c, out, IntegrityCheck.FULL))
          .isInstanceOf(RestoreException.class)
          .hasMessageContaining("post-restore integrity_check failed");
    }
    try (var files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
    assertThat(Files.readAllBytes(out)).containsExactly(7);
  }
}
