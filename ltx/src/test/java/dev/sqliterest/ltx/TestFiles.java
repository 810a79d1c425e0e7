package dev.sqliterest.ltx;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/** Builders for LTX files and pages used across the ltx tests. */
final class TestFiles {

  private TestFiles() {}

  static byte[] hex(String dump) {
    StringBuilder sb = new StringBuilder();
    for (String line : dump.strip().split("\n")) {
      sb.append(line.substring(line.indexOf(':') + 1).strip());
    }
    return HexFormat.of().parseHex(sb.toString());
  }

  static byte[] filled(int size, int value) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) value);
    return b;
  }

  /** A page that compresses somewhat: random bytes in the first part, a pattern after. */
  static byte[] page(Random rnd, int size) {
    byte[] b = new byte[size];
    int randomPart = rnd.nextInt(size);
    for (int i = 0; i < randomPart; i++) {
      b[i] = (byte) rnd.nextInt();
    }
    for (int i = randomPart; i < size; i++) {
      b[i] = (byte) (i % 7);
    }
    return b;
  }

  static byte[] encode(LtxHeader h, Map<Integer, byte[]> pages, LtxEncoder.Options opts)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LtxEncoder enc = LtxEncoder.create(out, h, opts);
    for (var e : new TreeMap<>(pages).entrySet()) {
      enc.encodePage(e.getKey(), e.getValue());
    }
    enc.finish();
    return out.toByteArray();
  }

  static SortedMap<Integer, byte[]> decodePages(byte[] file) throws IOException {
    LtxDecoder d = LtxDecoder.open(new ByteArrayInputStream(file));
    SortedMap<Integer, byte[]> pages = new TreeMap<>();
    for (LtxPage p; (p = d.nextPage()) != null; ) {
      pages.put(p.pgno(), p.data());
    }
    d.finish();
    return pages;
  }
}
