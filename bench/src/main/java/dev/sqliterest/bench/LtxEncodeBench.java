package dev.sqliterest.bench;

import dev.sqliterest.ltx.LtxEncoder;
import dev.sqliterest.ltx.LtxHeader;
import dev.sqliterest.ltx.PageEncoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding 1 MiB of 4 KiB pages into an LTX snapshot (one op = one file) in both page encodings,
 * against the raw lz4-java block compression of the same pages (baseline). MB/s = ops/s × 1.048576.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar LtxEncodeBench -f1 -wi 2 -i 3 -w 1 -r 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LtxEncodeBench {

  private byte[] db;
  private ByteArrayOutputStream out;
  private LZ4Compressor lz4;
  private byte[] compressed;
  private LtxHeader header;

  @Setup
  public void setup() {
    db = BenchPages.database();
    out = new ByteArrayOutputStream(BenchPages.BYTES + 65536);
    lz4 = LZ4Factory.fastestInstance().fastCompressor();
    compressed = new byte[lz4.maxCompressedLength(BenchPages.PAGE_SIZE)];
    header = LtxHeader.of(BenchPages.PAGE_SIZE, BenchPages.PAGES, 1, 1, 0).withWal(32, 0, 0, 0);
  }

  @Benchmark
  public int encodeFrame() throws IOException {
    return encode(LtxEncoder.Options.DEFAULT);
  }

  @Benchmark
  public int encodeBlock() throws IOException {
    return encode(LtxEncoder.Options.DEFAULT.withEncoding(PageEncoding.BLOCK));
  }

  /** Baseline: lz4-java fast compression of each page, nothing else. */
  @Benchmark
  public int baselineLz4Compress() {
    int total = 0;
    for (int p = 0; p < BenchPages.PAGES; p++) {
      total +=
          lz4.compress(
              db, p * BenchPages.PAGE_SIZE, BenchPages.PAGE_SIZE, compressed, 0, compressed.length);
    }
    return total;
  }

  private int encode(LtxEncoder.Options options) throws IOException {
    out.reset();
    LtxEncoder enc = LtxEncoder.create(out, header, options);
    for (int p = 0; p < BenchPages.PAGES; p++) {
      enc.encodePage(p + 1, db, p * BenchPages.PAGE_SIZE);
    }
    enc.finish();
    return out.size();
  }
}
