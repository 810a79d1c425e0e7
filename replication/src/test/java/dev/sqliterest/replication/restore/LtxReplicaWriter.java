package dev.sqliterest.replication.restore;

import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Writes LTX files for {@link DatabaseStates} into a replica the way Litestream lays them out: L0
 * per TXID (changed + growth pages), compactions (latest version of pages changed in a range) and
 * full snapshots. Header timestamps are {@code t0 + txid seconds}.
 */
final class LtxReplicaWriter {

  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private final DatabaseStates states;
  private final ReplicaClient client;
  private LtxEncoder.Options options = LtxEncoder.Options.DEFAULT;

  LtxReplicaWriter(DatabaseStates states, ReplicaClient client) {
    this.states = states;
    this.client = client;
  }

  LtxReplicaWriter options(LtxEncoder.Options o) {
    this.options = o;
    return this;
  }

  static long timestamp(long txid) {
    return T0 + txid * 1000;
  }

  /** One L0 file per TXID in {@code from..to}. */
  LtxReplicaWriter l0(long from, long to) throws IOException {
    for (long t = from; t <= to; t++) {
      range(0, t, t);
    }
    return this;
  }

  /** A file at {@code level} holding what changed from state {@code min - 1} to {@code max}. */
  LtxFileInfo range(int level, long min, long max) throws IOException {
    return client.writeLtxFile(level, min, max, new ByteArrayInputStream(encode(min, max)));
  }

  /** The bytes of such a file. */
  byte[] encode(long min, long max) throws IOException {
    return encode(min, max, 0);
  }

  /** The bytes of such a file, leaving out page {@code skip} (to build broken replicas). */
  byte[] encode(long min, long max, int skip) throws IOException {
    byte[] before = states.image(min - 1);
    byte[] after = states.image(max);
    int commit = DatabaseStates.pages(after);
    int prevCommit = min == 1 ? 0 : DatabaseStates.pages(before);
    int ps = DatabaseStates.PAGE_SIZE;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LtxHeader h = LtxHeader.of(ps, commit, min, max, timestamp(max));
    if (level0(min, max)) {
      h = h.withWal(32, 0, 0, 0);
    }
    LtxEncoder enc = LtxEncoder.create(out, h, options);
    for (int pgno = 1; pgno <= commit; pgno++) {
      int off = (pgno - 1) * ps;
      boolean changed =
          pgno > prevCommit || !Arrays.equals(before, off, off + ps, after, off, off + ps);
      if (changed && pgno != skip) {
        enc.encodePage(pgno, after, off);
      }
    }
    enc.finish();
    return out.toByteArray();
  }

  private static boolean level0(long min, long max) {
    return min == max;
  }
}
