package dev.sqliterest.replication.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What a replica client needs from an LTX header before storing the file: the first 100 bytes, the
 * magic, the TXID range and the timestamp, plus the {@code litestream-timestamp} text form.
 *
 * <p>Clients only peek (no checksum verification): full decoding is the LTX codec's job.
 */
public record LtxHeaderPeek(byte[] header, long minTxid, long maxTxid, Instant timestamp) {

  /** Size of an LTX header in bytes. */
  public static final int HEADER_SIZE = 100;

  private static final int MAGIC = 0x4c545831; // "LTX1"

  /**
   * Reads exactly the header from {@code in} (the caller writes these bytes out first) and checks
   * the magic and that the TXIDs match the name the file is stored under.
   */
  public static LtxHeaderPeek read(InputStream in, long minTxid, long maxTxid) throws IOException {
    byte[] header = in.readNBytes(HEADER_SIZE);
    if (header.length < HEADER_SIZE) {
      throw new IOException("invalid ltx file: " + header.length + " bytes, header needs 100");
    }
    ByteBuffer b = ByteBuffer.wrap(header);
    if (b.getInt(0) != MAGIC) {
      throw new IOException("invalid ltx file: bad magic " + Integer.toHexString(b.getInt(0)));
    }
    long min = b.getLong(16);
    long max = b.getLong(24);
    if (min != minTxid || max != maxTxid) {
      throw new IOException(
          String.format(
              "ltx header txids %016x-%016x do not match file name %016x-%016x",
              min, max, minTxid, maxTxid));
    }
    return new LtxHeaderPeek(header, min, max, Instant.ofEpochMilli(b.getLong(32)));
  }

  /**
   * Formats like Go's {@code time.RFC3339Nano} in UTC: fraction without trailing zeros, none when
   * zero (e.g. {@code 2023-11-14T22:13:20.12Z}).
   */
  public static String formatRfc3339Nano(Instant t) {
    String base =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(t);
    int nanos = t.getNano();
    if (nanos == 0) {
      return base + "Z";
    }
    String frac = String.format("%09d", nanos).replaceFirst("0+$", "");
    return base + "." + frac + "Z";
  }

  /** Parses an RFC 3339 timestamp with or without fraction and with any offset. */
  public static Instant parseRfc3339(String text) {
    try {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text.trim(), Instant::from);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("invalid RFC 3339 timestamp \"" + text + "\"", e);
    }
  }
}
