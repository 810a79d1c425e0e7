package dev.sqliterest.server;

import static dev.sqliterest.ltx.LtxFileName.formatTxid;

import dev.sqliterest.replication.Follower;
import dev.sqliterest.rest.ApiHandler;
import dev.sqliterest.rest.HttpRequestData;
import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.rest.WriteAcknowledgement;
import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.server.config.DurationText;
import dev.sqliterest.server.config.FollowConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API of a follower (docs/REPLICATION.md, "Scaling reads"): the engine's reads, each answered
 * with the TXID it was served at ({@value #TXID}), held until the follower has applied the TXID a
 * client asks for ({@value #MIN_TXID}, up to {@code --replication-follow-wait}, then 503 with
 * {@code Retry-After}); every write refused with 405 naming the primary.
 */
final class FollowerApi implements ApiHandler {

  /** The TXID a write is in on the primary, or a read was served at on a follower. */
  static final String TXID = WriteAcknowledgement.TXID_HEADER;

  /** A read on a follower waits until the follower is at this TXID or later. */
  static final String MIN_TXID = "Replication-Min-Txid";

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  private static final String ALLOW = "GET, HEAD, OPTIONS";

  private final ApiHandler engine;
  private final Follower follower;
  private final FollowConfig config;

  FollowerApi(ApiHandler engine, Follower follower, FollowConfig config) {
    this.engine = engine;
    this.follower = follower;
    this.config = config;
  }

  @Override
  public HttpResponseData handle(HttpRequestData request) {
    if (!READS.contains(request.method())) {
      return refuseWrite(request);
    }
    long min;
    try {
      min = minTxid(request);
    } catch (IllegalArgumentException e) {
      return HttpResponseData.error(
          ApiError.parse(
              "the " + MIN_TXID + " header",
              "expected the 16 hex digits of a TXID such as 00000000000000a3 (the "
                  + TXID
                  + " header of a response), got \""
                  + request.header(MIN_TXID).orElse("")
                  + "\""));
    }
    try {
      if (!follower.awaitTxid(min, config.maxWait())) {
        return notYet(min);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return notYet(min);
    }
    long served = follower.txid(); // the data read below is at this TXID or newer
    return engine.handle(request).withHeader(TXID, formatTxid(served));
  }

  @Override
  public boolean knowsRelation(String name) {
    return engine.knowsRelation(name);
  }

  /** The TXID the request asks for; 0 (any) without the header. */
  private static long minTxid(HttpRequestData request) {
    Optional<String> value = request.header(MIN_TXID).map(String::strip);
    if (value.isEmpty()) {
      return 0;
    }
    String hex = value.get();
    if (hex.isEmpty() || hex.length() > 16 || !hex.chars().allMatch(FollowerApi::isHexDigit)) {
      throw new IllegalArgumentException(hex);
    }
    return Long.parseUnsignedLong(hex, 16);
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private HttpResponseData refuseWrite(HttpRequestData request) {
    Optional<String> primary =
        config
            .primaryUrl()
            .map(
                u ->
                    u
                        + request.path()
                        + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery()));
    ApiError error =
        new ApiError(
            405,
            "25006",
            "cannot execute " + request.method() + " on a read replica",
            "this server follows the replica "
                + config.replica()
                + " and changes only when the primary's changes arrive",
            primary
                .map(p -> "Send writes to the primary: " + request.method() + " " + p)
                .orElse(
                    "Send writes to the primary (start the follower with"
                        + " --replication-primary-url to have it named here)"));
    HttpResponseData response = HttpResponseData.error(error).withHeader("Allow", ALLOW);
    return primary.map(p -> response.withHeader("Location", p)).orElse(response);
  }

  private HttpResponseData notYet(long min) {
    long at = follower.txid();
    String details =
        follower.ready()
            ? "it is at txid " + formatTxid(at)
            : "it has not restored the database from " + config.replica() + " yet";
    ApiError error =
        new ApiError(
            503,
            "PGRSTX02",
            min == 0
                ? "the read replica is not ready"
                : "the read replica has not applied txid " + formatTxid(min) + " yet",
            details
                + " after waiting "
                + DurationText.format(config.maxWait())
                + " (--replication-follow-wait)",
            "Retry after Retry-After seconds, or read from the primary");
    HttpResponseData response = HttpResponseData.error(error);
    Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
    headers.put("Retry-After", List.of(Long.toString(retryAfterSeconds())));
    headers.put(TXID, List.of(formatTxid(at)));
    return new HttpResponseData(response.status(), headers, response.body(), response.rows());
  }

  /** One poll interval, in whole seconds (at least 1). */
  private long retryAfterSeconds() {
    Duration interval = config.engine().interval();
    return Math.max(1, (interval.toMillis() + 999) / 1000);
  }
}
