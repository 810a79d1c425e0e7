package dev.sqliterest.bench;

import dev.sqliterest.ltx.LtxDecoder;
import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.ltx.PageEncoding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decoding and verifying a 1 MiB LTX snapshot (256 × 4 KiB pages; one op = one file), from memory
 * and from a file, against two baselines measured in the same run: lz4-java decompression of the
 * same pages, and reading the (page-cached) LTX file's bytes without decoding. MB/s = ops/s ×
 * 1.048576 (uncompressed bytes).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar LtxDecodeBench -f1 -wi 2 -i 3 -w 1 -r 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LtxDecodeBench {

  private byte[] frameFile;
  private byte[] blockFile;
  private byte[][] blocks;
  private byte[] page;
  private byte[] readBuffer;
  private LZ4SafeDecompressor lz4;
  private Path file;

  @Setup
  public void setup() throws IOException {
    byte[] db = BenchPages.database();
    frameFile = encode(db, LtxEncoder.Options.DEFAULT);
    blockFile = encode(db, LtxEncoder.Options.DEFAULT.withEncoding(PageEncoding.BLOCK));
    LZ4Compressor c = LZ4Factory.fastestInstance().fastCompressor();
    blocks = new byte[BenchPages.PAGES][];
    for (int p = 0; p < BenchPages.PAGES; p++) {
      blocks[p] = c.compress(db, p * BenchPages.PAGE_SIZE, BenchPages.PAGE_SIZE);
    }
    lz4 = LZ4Factory.fastestInstance().safeDecompressor();
    page = new byte[BenchPages.PAGE_SIZE];
    readBuffer = new byte[1 << 16];
    file = Files.createTempFile("ltx-bench", ".ltx");
    Files.write(file, frameFile);
  }

  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(file);
  }

  @Benchmark
  public long decodeFrame() throws IOException {
    return decode(new ByteArrayInputStream(frameFile));
  }

  @Benchmark
  public long decodeBlock() throws IOException {
    return decode(new ByteArrayInputStream(blockFile));
  }

  @Benchmark
  public long decodeFrameFromFile() throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return decode(in);
    }
  }

  /** Baseline: lz4-java decompression of each page, nothing else. */
  @Benchmark
  public int baselineLz4Decompress() {
    int total = 0;
    for (byte[] b : blocks) {
      total += lz4.decompress(b, 0, b.length, page, 0, BenchPages.PAGE_SIZE);
    }
    return total;
  }

  /** Baseline: reading the same LTX file's bytes from the page cache, no decoding. */
  @Benchmark
  public long baselineFileRead() throws IOException {
    long total = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(readBuffer)) > 0; ) {
        total += n;
      }
    }
    return total;
  }

  private long decode(InputStream in) throws IOException {
    LtxDecoder d = LtxDecoder.open(in);
    long sum = 0;
    for (int pgno; (pgno = d.readPage(page)) != 0; ) {
      sum += pgno;
    }
    return sum + d.finish().size();
  }

  private static byte[] encode(byte[] db, LtxEncoder.Options options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LtxEncoder enc =
        LtxEncoder.create(
            out, LtxHeader.of(BenchPages.PAGE_SIZE, BenchPages.PAGES, 1, 1, 0), options);
    for (int p = 0; p < BenchPages.PAGES; p++) {
      enc.encodePage(p + 1, db, p * BenchPages.PAGE_SIZE);
    }
    enc.finish();
    return out.toByteArray();
  }
}
