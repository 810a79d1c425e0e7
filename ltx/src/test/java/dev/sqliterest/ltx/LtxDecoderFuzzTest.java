package dev.sqliterest.ltx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.testing.Fuzz;
import dev.sqliterest.testing.Mutation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the LTX decoder with corrupted copies of valid files (the official tool's, and ours in
 * both page encodings, snapshots and deltas): bits flipped, bytes overwritten, the end cut off or
 * bytes appended. The CRC-64 file checksum covers the header, the page headers, each page's
 * <em>decompressed</em> content, the index and the trailer, and nothing may follow the trailer. So
 * a corruption must be rejected with an {@link LtxFormatException} (a {@link
 * ChecksumMismatchException} included), whether the file is read page by page or decoded into a
 * database image, with one exception: a change inside a page's compressed LZ4 bytes that still
 * decompresses to the very same page (e.g. the match-length bits of the block's last sequence,
 * which the LZ4 format ignores) may be accepted, and then everything decoded must equal the
 * original. Any other acceptance, and any other exception, fails.
 */
final class LtxDecoderFuzzTest {

  @Test
  void corruptedFiles_areRejectedOrDecodeToTheSameContent() throws Exception {
    List<byte[]> corpus = corpus();
    List<Decoded> pageByPage = new ArrayList<>();
    List<Decoded> asImage = new ArrayList<>();
    for (byte[] file : corpus) {
      pageByPage.add(decode(file, false));
      asImage.add(decode(file, true));
    }
    AtomicLong rejected = new AtomicLong();
    AtomicLong sameContent = new AtomicLong();
    Fuzz.run(
        "ltx decoder",
        30_000,
        r -> {
          int which = r.nextInt(corpus.size());
          Mutation m = Mutation.of(corpus.get(which), r);
          boolean image = r.nextBoolean();
          Decoded decoded;
          try {
            decoded = decode(m.bytes(), image);
          } catch (LtxFormatException expected) {
            rejected.incrementAndGet();
            return;
          }
          Decoded original = (image ? asImage : pageByPage).get(which);
          assertThat(original.inPagePayload(m.firstChanged()))
              .as("accepted %s outside any page's compressed bytes", m)
              .isTrue();
          assertThat(decoded.content())
              .as("content decoded from %s", m)
              .isEqualTo(original.content());
          assertThat(decoded.info())
              .as("header, index and trailer of %s", m)
              .isEqualTo(original.info());
          sameContent.incrementAndGet();
        });
    System.out.printf(
        "fuzz ltx decoder: %d rejected, %d accepted with identical content%n",
        rejected.get(), sameContent.get());
  }

  /**
   * What a decode produced: every page (pgno and bytes, in order) or the database image, and the
   * file's header, index and trailer.
   */
  private record Decoded(byte[] content, LtxSummary info) {
    /** True when {@code offset} lies in a page's encoded bytes, after its page header. */
    boolean inPagePayload(int offset) {
      return info.index().entries().stream()
          .anyMatch(e -> offset >= e.offset() + PageHeader.SIZE && offset < e.offset() + e.size());
    }
  }

  /** Reads every page and the trailer, or (snapshots, {@code image}) writes the database image. */
  private static Decoded decode(byte[] file, boolean image) throws IOException {
    LtxDecoder d = LtxDecoder.open(new ByteArrayInputStream(file));
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    if (image && d.header().isSnapshot()) {
      LtxSummary info = d.decodeDatabaseTo(content);
      return new Decoded(content.toByteArray(), info);
    }
    byte[] page = new byte[d.header().pageSize()];
    for (int pgno; (pgno = d.readPage(page)) != 0; ) {
      content.write(ByteBuffer.allocate(4).putInt(pgno).array());
      content.write(page);
    }
    return new Decoded(content.toByteArray(), d.finish());
  }

  private static List<byte[]> corpus() throws IOException {
    List<byte[]> files = new ArrayList<>();
    try (Stream<Path> official = Files.walk(Path.of("src/test/resources/ltx/official/replica"))) {
      for (Path p : official.filter(p -> p.toString().endsWith(".ltx")).sorted().toList()) {
        files.add(Files.readAllBytes(p));
      }
    }
    assertThat(files).as("official LTX files").hasSize(4);
    Random r = new Random(7);
    for (LtxEncoder.Options options :
        List.of(
            LtxEncoder.Options.DEFAULT,
            LtxEncoder.Options.block(),
            LtxEncoder.Options.DEFAULT.withEncoding(PageEncoding.BLOCK))) {
      Map<Integer, byte[]> snapshot = new TreeMap<>();
      for (int pgno = 1; pgno <= 6; pgno++) {
        snapshot.put(pgno, TestFiles.page(r, 512));
      }
      files.add(
          TestFiles.encode(LtxHeader.of(512, 6, 1, 3, 1).withWal(32, 0, 0, 0), snapshot, options));
      Map<Integer, byte[]> delta = Map.of(2, TestFiles.page(r, 1024), 9, TestFiles.filled(1024, 0));
      files.add(TestFiles.encode(LtxHeader.of(1024, 9, 4, 4, 2), delta, options));
    }
    return files;
  }
}
