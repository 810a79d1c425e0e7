package dev.sqliterest.server.http;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The {@code X-Request-Id} of a request: the client's (or proxy's) value when it is a plausible id,
 * otherwise a new random one. It is echoed in the response and logged with the request.
 */
final class RequestId {

  static final String HEADER = "X-Request-Id";
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:/+=@-]{1,128}");

  private RequestId() {}

  /** The incoming id when acceptable (visible, at most 128 safe characters), else a new one. */
  static String acceptOrGenerate(String incoming) {
    if (incoming != null && ACCEPTED.matcher(incoming).matches()) {
      return incoming;
    }
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
