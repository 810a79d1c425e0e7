package dev.sqliterest.server.http;

import dev.sqliterest.rest.ApiHandler;
import dev.sqliterest.rest.HttpRequestData;
import dev.sqliterest.rest.HttpRequestData.Principal;
import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.server.auth.AuthenticationException;
import dev.sqliterest.server.auth.Authenticator;
import dev.sqliterest.server.http.Exchange.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Jetty handler in front of the API engine. For each request it assigns the request id, answers
 * CORS preflights and non-API paths itself, authenticates, enforces the body limit, hands an {@link
 * HttpRequestData} to the {@link ApiHandler}, and writes its {@link HttpResponseData} back (without
 * a body for HEAD). Errors the engine did not turn into a response become a 500 with
 * PostgREST-style JSON; this is the one place where such failures are caught and logged.
 */
public final class ApiHttpHandler extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger(ApiHttpHandler.class);

  private final ApiHandler api;
  private final Authenticator authenticator;
  private final Cors cors;
  private final long maxBodyBytes;
  private final List<ExchangeListener> listeners;

  /**
   * @param corsAllowedOrigins origins CORS allows ({@code *} for any; empty turns CORS off)
   * @param maxBodyBytes larger request bodies are refused with 413 before the engine sees them
   * @param listeners told about every finished request (access log, metrics)
   */
  public ApiHttpHandler(
      ApiHandler api,
      Authenticator authenticator,
      List<String> corsAllowedOrigins,
      long maxBodyBytes,
      List<ExchangeListener> listeners) {
    this.api = api;
    this.authenticator = authenticator;
    this.cors = new Cors(corsAllowedOrigins);
    this.maxBodyBytes = maxBodyBytes;
    this.listeners = List.copyOf(listeners);
  }

  private record Result(HttpResponseData response, Outcome outcome, Optional<String> target) {}

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    // fully decoded (Jetty's canonical path keeps e.g. %20 encoded); no context path here
    String path = request.getHttpURI().getDecodedPath();
    HttpFields fields = request.getHeaders();
    String requestId = RequestId.acceptOrGenerate(fields.get(RequestId.HEADER));
    String origin = fields.get(HttpHeader.ORIGIN);
    boolean preflight =
        cors.isPreflight(method, origin, fields.get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD));

    Result result;
    MDC.put("request_id", requestId);
    try {
      result = preflight ? preflight(origin, fields) : process(request, method, path, fields);
    } catch (RuntimeException e) {
      LOG.error("request {} {} failed", method, path, e);
      result = internalError(requestId, ApiPaths.target(path));
    } finally {
      MDC.remove("request_id");
    }

    Map<String, List<String>> headers = new LinkedHashMap<>(result.response().headers());
    headers.put(RequestId.HEADER, List.of(requestId));
    if (!preflight) {
      cors.addResponseHeaders(origin, headers);
    }
    byte[] body = result.response().body();
    if (method.equals("HEAD")) {
      // HEAD announces the length a GET would have, and sends no body
      headers.putIfAbsent("Content-Length", List.of(String.valueOf(body.length)));
      body = new byte[0];
    }
    Exchange exchange =
        new Exchange(
            requestId,
            method,
            path,
            result.target(),
            result.response().status(),
            Duration.ofNanos(System.nanoTime() - start),
            rows(method, result.response()),
            result.outcome());
    // listeners run before the write completes the exchange, so a client that saw the response
    // also sees its effects (log line, metrics)
    for (ExchangeListener listener : listeners) {
      listener.onExchange(exchange);
    }
    write(response, result.response().status(), headers, body, callback);
    return true;
  }

  private Result preflight(String origin, HttpFields fields) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    cors.addPreflightHeaders(
        origin, fields.get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS), headers);
    return new Result(
        new HttpResponseData(200, headers, new byte[0]), Outcome.ADAPTER, Optional.empty());
  }

  private Result process(Request request, String method, String path, HttpFields fields) {
    Optional<String> target = ApiPaths.target(path);
    if (target.isEmpty()) {
      ErrorBody error =
          new ErrorBody("PGRST125", "Invalid path specified in request URL", null, null);
      return new Result(error.toResponse(404), Outcome.ADAPTER, target);
    }
    Principal principal;
    String authorization = fields.get(HttpHeader.AUTHORIZATION);
    try {
      principal = authenticator.authenticate(Optional.ofNullable(authorization));
    } catch (AuthenticationException e) {
      return new Result(unauthorized(authorization == null, e), Outcome.AUTH_FAILED, target);
    }
    Optional<byte[]> body = readBody(request);
    if (body.isEmpty()) {
      return new Result(tooLarge(request.getLength()), Outcome.BODY_TOO_LARGE, target);
    }
    String query = request.getHttpURI().getQuery();
    HttpRequestData data =
        new HttpRequestData(
            method, path, query == null ? "" : query, headerMap(fields), body.get(), principal);
    return new Result(api.handle(data), Outcome.API, target);
  }

  /** The body, or empty when it is larger than the limit (checked before and while reading). */
  private Optional<byte[]> readBody(Request request) {
    long declared = request.getLength();
    if (declared > maxBodyBytes) {
      return Optional.empty();
    }
    if (declared == 0) {
      return Optional.of(new byte[0]);
    }
    try (InputStream in = Request.asInputStream(request)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      return bytes.length > maxBodyBytes ? Optional.empty() : Optional.of(bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("read request body", e);
    }
  }

  private static Map<String, List<String>> headerMap(HttpFields fields) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (HttpField field : fields) {
      map.computeIfAbsent(field.getLowerCaseName(), k -> new ArrayList<>(1)).add(field.getValue());
    }
    return map;
  }

  /**
   * PostgREST's 401: the authenticator's code (PGRST302 without a token, PGRST301/303 for a bad
   * one), a bare {@code Bearer} challenge without a token and {@code error="invalid_token"} with
   * one; "Unauthorized" stays in the message as in sqlite-rest, the reason goes into the hint.
   */
  private static HttpResponseData unauthorized(boolean noToken, AuthenticationException e) {
    String reason = e.reason();
    String challenge =
        noToken
            ? "Bearer"
            : "Bearer error=\"invalid_token\", error_description=\""
                + reason.replace("\"", "'")
                + "\"";
    return new ErrorBody(e.code(), "Unauthorized", null, reason)
        .toResponse(401, "WWW-Authenticate", challenge);
  }

  private HttpResponseData tooLarge(long declared) {
    String details =
        declared > 0
            ? "The request body has " + declared + " bytes; the limit is " + maxBodyBytes
            : "The request body exceeds the limit of " + maxBodyBytes + " bytes";
    return new ErrorBody(
            "PGRST413",
            "Payload Too Large",
            details,
            "Send a smaller body, or raise --max-body-bytes")
        .toResponse(413, "Connection", "close");
  }

  private static Result internalError(String requestId, Optional<String> target) {
    ErrorBody error =
        new ErrorBody(
            "PGRSTX00",
            "Internal server error",
            "request id " + requestId + "; the server log has the cause",
            null);
    return new Result(error.toResponse(500), Outcome.INTERNAL_ERROR, target);
  }

  private static void write(
      Response response,
      int status,
      Map<String, List<String>> headers,
      byte[] body,
      Callback callback) {
    response.setStatus(status);
    HttpFields.Mutable out = response.getHeaders();
    headers.forEach((name, values) -> values.forEach(value -> out.add(name, value)));
    if (!out.contains(HttpHeader.CONTENT_LENGTH)) {
      out.put(HttpHeader.CONTENT_LENGTH, body.length);
    }
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * Rows a response returned or, for a write, affected: from its {@code Content-Range} ({@code
   * 0-9/*} is 10; {@code *}/N is 0 for a read and N for a write, whose count=exact total is the
   * affected rows), else for a write from the representation it returned (an insert answers {@code
   * *}/{@code *}); empty when unknown (e.g. an insert with return=minimal).
   */
  static OptionalLong rows(String method, HttpResponseData response) {
    boolean write = !method.equals("GET") && !method.equals("HEAD");
    OptionalLong fromRange = rows(response);
    if (!write || (fromRange.isPresent() && fromRange.getAsLong() > 0)) {
      return fromRange;
    }
    String total = contentRangeTotal(response);
    if (total != null && total.chars().allMatch(Character::isDigit) && !total.isEmpty()) {
      return OptionalLong.of(Long.parseLong(total));
    }
    if (response.status() >= 300) {
      return fromRange;
    }
    // a write answering */* without count=exact: only a representation tells how many rows
    return RepresentationRows.count(contentType(response), response.body());
  }

  private static String header(HttpResponseData response, String name) {
    String value = null;
    for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
      if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
        value = header.getValue().getFirst();
      }
    }
    return value;
  }

  private static String contentType(HttpResponseData response) {
    String type = header(response, "Content-Type");
    return type == null ? "" : type;
  }

  private static String contentRangeTotal(HttpResponseData response) {
    String range = header(response, "Content-Range");
    int slash = range == null ? -1 : range.indexOf('/');
    return slash < 0 ? null : range.substring(slash + 1);
  }

  /** Rows in a response, from its {@code Content-Range} ({@code 0-9/*} is 10, {@code *}/0 is 0). */
  static OptionalLong rows(HttpResponseData response) {
    String range = null;
    for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
      if (header.getKey().equalsIgnoreCase("Content-Range") && !header.getValue().isEmpty()) {
        range = header.getValue().getFirst();
      }
    }
    if (range == null) {
      return OptionalLong.empty();
    }
    int slash = range.indexOf('/');
    String span = slash < 0 ? range : range.substring(0, slash);
    int dash = span.indexOf('-');
    try {
      if (span.equals("*")) {
        return OptionalLong.of(0);
      }
      if (dash > 0 && dash < span.length() - 1) {
        return OptionalLong.of(
            Long.parseLong(span.substring(dash + 1)) - Long.parseLong(span.substring(0, dash)) + 1);
      }
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}
