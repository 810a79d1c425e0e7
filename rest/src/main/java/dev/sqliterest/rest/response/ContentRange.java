package dev.sqliterest.rest.response;

import java.util.OptionalLong;

/**
 * {@code Content-Range} and the status of a read, after PostgREST's {@code RangeQuery}: 200 when
 * the total is unknown or everything was returned, 206 when a known total exceeds the rows
 * returned, 416 when the offset lies beyond the total.
 */
public final class ContentRange {

  private ContentRange() {}

  /** {@code first-last/total}, or {@code *}/total when no rows were returned. */
  public static String header(long offset, long rows, OptionalLong total) {
    String t = total.isPresent() ? Long.toString(total.getAsLong()) : "*";
    return rows == 0 ? "*/" + t : offset + "-" + (offset + rows - 1) + "/" + t;
  }

  /** How many rows a read of {@code limit} rows from {@code offset} returns of {@code total}. */
  public static long rowsOf(long offset, OptionalLong limit, long total) {
    long left = Math.max(0, total - offset);
    return limit.isPresent() ? Math.min(limit.getAsLong(), left) : left;
  }

  public static int status(long offset, long rows, OptionalLong total) {
    if (total.isEmpty()) {
      return 200;
    }
    long n = total.getAsLong();
    if (offset > n) {
      return 416;
    }
    return rows < n ? 206 : 200;
  }
}
