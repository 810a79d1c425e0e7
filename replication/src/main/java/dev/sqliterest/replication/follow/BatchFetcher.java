package dev.sqliterest.replication.follow;

import dev.sqliterest.ltx.LtxCompactor;
import dev.sqliterest.ltx.LtxDecoder;
import dev.sqliterest.ltx.LtxFormatException;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads the files of one step into the follower's scratch directory and turns them into one
 * verified LTX file (the batch): a single file is decoded once to check it, several are merged by
 * {@link LtxCompactor}, which checks every input and keeps the newest version of each page. All of
 * this happens before the database is locked, so a bad or missing file never leaves the database
 * half changed, and the lock is held only for writing the batch's pages.
 */
public final class BatchFetcher {

  /**
   * One verified batch: its file in the scratch directory, its header (TXID range, commit, page
   * size) and the bytes downloaded for it.
   */
  public record Batch(Path file, LtxHeader header, long downloadedBytes) {}

  private static final int BUFFER = 1 << 16;

  private final ReplicaClient client;
  private final Path scratch;

  public BatchFetcher(ReplicaClient client, Path scratch) {
    this.client = client;
    this.scratch = scratch;
  }

  /** Fetches and verifies {@code files} (contiguous, in order) as one batch. */
  public Batch fetch(List<LtxFileInfo> files) throws IOException {
    List<Path> inputs = new ArrayList<>();
    long bytes = 0;
    Path out = scratch.resolve("batch.ltx");
    try {
      for (LtxFileInfo f : files) {
        Path p = scratch.resolve(f.level() + "-" + f.name().fileName());
        try (InputStream in = client.openLtxFile(f.level(), f.minTxid(), f.maxTxid(), 0, 0)) {
          bytes += Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        inputs.add(p);
        checkName(f, p);
      }
      LtxHeader header;
      if (inputs.size() == 1) {
        try (InputStream in = open(inputs.getFirst())) {
          header = LtxDecoder.verify(in).header();
        }
        Files.move(inputs.getFirst(), out, StandardCopyOption.REPLACE_EXISTING);
      } else {
        header = merge(inputs, out);
      }
      return new Batch(out, header, bytes);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(out);
      throw e;
    } finally {
      for (Path p : inputs) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static LtxHeader merge(List<Path> inputs, Path out) throws IOException {
    List<InputStream> streams = new ArrayList<>();
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), BUFFER)) {
      for (Path p : inputs) {
        streams.add(open(p));
      }
      return new LtxCompactor().compact(streams, o).header();
    } finally {
      for (InputStream s : streams) {
        s.close();
      }
    }
  }

  /** The header's TXIDs must be the ones the name promised (the planner went by the names). */
  private static void checkName(LtxFileInfo f, Path p) throws IOException {
    try (InputStream in = open(p)) {
      LtxHeader h = LtxDecoder.open(in).header();
      if (h.minTxid() != f.minTxid() || h.maxTxid() != f.maxTxid()) {
        throw new LtxFormatException(
            "ltx file " + f + " of " + "the replica: its header says " + h.fileName().fileName());
      }
    }
  }

  private static InputStream open(Path p) throws IOException {
    return new BufferedInputStream(Files.newInputStream(p), BUFFER);
  }
}
