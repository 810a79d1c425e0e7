package dev.sqliterest.server.http;

import dev.sqliterest.rest.ApiHandler;
import dev.sqliterest.rest.ApiPaths;
import dev.sqliterest.rest.HttpRequestData;
import dev.sqliterest.rest.HttpRequestData.Principal;
import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.rest.ResponseBody;
import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.server.auth.AuthenticationException;
import dev.sqliterest.server.auth.Authenticator;
import dev.sqliterest.server.http.Exchange.Outcome;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Jetty handler in front of the API engine. For each request it assigns the request id, answers
 * CORS preflights and non-API paths ({@link ApiPaths}) itself, authenticates, enforces the body
 * limit (the one place: it must refuse before reading), hands an {@link HttpRequestData} to the
 * {@link ApiHandler}, and writes its {@link HttpResponseData} back: a body in memory with its
 * length, a streamed body chunked as it is produced; for HEAD it sends the headers (and the length
 * when the body has one) but no body (the one place). Every error it answers itself is rendered by
 * {@link HttpResponseData#error}, like the engine's. Errors the engine did not turn into a response
 * become a 500; this is the one place where such failures are caught and logged.
 */
public final class ApiHttpHandler extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger(ApiHttpHandler.class);

  /** A streamed body goes out in writes of this size: few syscalls, a small fixed buffer. */
  private static final int STREAM_BUFFER_BYTES = 64 * 1024;

  private final ApiHandler api;
  private final Authenticator authenticator;
  private final Cors cors;
  private final long maxBodyBytes;
  private final BodyBudget bodies;
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
    this.bodies = BodyBudget.forHeap(Runtime.getRuntime().maxMemory(), maxBodyBytes);
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
    ResponseBody body = result.response().body();
    try {
      if (!headers.containsKey("Content-Length")) {
        // for HEAD too: the length a GET would send (RFC 9110), when known before writing
        body.length().ifPresent(n -> headers.put("Content-Length", List.of(String.valueOf(n))));
      }
      Exchange exchange =
          new Exchange(
              requestId,
              method,
              path,
              result.target(),
              result.response().status(),
              Duration.ofNanos(System.nanoTime() - start),
              result.response().rows(),
              result.outcome());
      // listeners run before the write completes the exchange, so a client that saw the response
      // also sees its effects (log line, metrics)
      for (ExchangeListener listener : listeners) {
        listener.onExchange(exchange);
      }
      if (method.equals("HEAD") && body.length().isPresent()) {
        body.close();
        body = ResponseBody.EMPTY;
      } // a body of unknown length (never built for HEAD) goes out as chunked, without its bytes
      write(response, result.response().status(), headers, body, requestId, callback);
    } catch (RuntimeException e) {
      body.close(); // a streamed body gives its reader connection back
      throw e;
    }
    return true;
  }

  private Result preflight(String origin, HttpFields fields) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    cors.addPreflightHeaders(
        origin, fields.get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS), headers);
    return new Result(
        new HttpResponseData(200, headers, ResponseBody.EMPTY, OptionalLong.empty()),
        Outcome.ADAPTER,
        Optional.empty());
  }

  private Result process(Request request, String method, String path, HttpFields fields) {
    ApiPaths.Route route = ApiPaths.route(path);
    if (route instanceof ApiPaths.Invalid) {
      return new Result(
          HttpResponseData.error(ApiError.invalidPath()), Outcome.ADAPTER, Optional.empty());
    }
    Optional<String> target = ApiPaths.target(path);
    Principal principal = Principal.ANONYMOUS;
    String authorization = fields.get(HttpHeader.AUTHORIZATION);
    if (!(route instanceof ApiPaths.Console c) || c.needsCaller()) {
      try {
        principal = authenticator.authenticate(Optional.ofNullable(authorization));
      } catch (AuthenticationException e) {
        return new Result(unauthorized(authorization == null, e), Outcome.AUTH_FAILED, target);
      }
    }
    // the body's bytes are held until the answer: a write's rows live until the writer ran it
    try (BodyBudget.Share share = bodies.take(bodyReservation(request))) {
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
  }

  /** The bytes a body may take: its declared length, else the limit; 0 without one or over it. */
  private long bodyReservation(Request request) {
    long declared = request.getLength();
    if (declared >= 0) {
      return declared > maxBodyBytes ? 0 : declared;
    }
    return request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING) ? maxBodyBytes : 0;
  }

  /** The body, or empty when it is larger than the limit (checked before and while reading). */
  private Optional<byte[]> readBody(Request request) {
    long declared = request.getLength();
    if (declared > maxBodyBytes) {
      return Optional.empty();
    }
    if (declared == 0
        || (declared < 0 && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
      // HTTP/1.1: no Content-Length and no Transfer-Encoding means no body (most GETs)
      return Optional.of(new byte[0]);
    }
    try (InputStream in = Request.asInputStream(request)) {
      if (declared > 0 && declared < Integer.MAX_VALUE - 8) {
        // the declared length exactly: readNBytes(max) would allocate a 16 KiB chunk for every
        // small body (under single-row POST load, half of all the bytes the server allocated)
        byte[] bytes = new byte[(int) declared];
        int read = in.readNBytes(bytes, 0, bytes.length);
        return Optional.of(read == bytes.length ? bytes : Arrays.copyOf(bytes, read));
      }
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
    return HttpResponseData.error(new ApiError(401, e.code(), "Unauthorized", null, reason))
        .withHeader("WWW-Authenticate", challenge);
  }

  private HttpResponseData tooLarge(long declared) {
    String details =
        declared > 0
            ? "The request body has " + declared + " bytes; the limit is " + maxBodyBytes
            : "The request body exceeds the limit of " + maxBodyBytes + " bytes";
    return HttpResponseData.error(
            new ApiError(
                413,
                "PGRST413",
                "Payload Too Large",
                details,
                "Send a smaller body, or raise --max-body-bytes"))
        .withHeader("Connection", "close");
  }

  private static Result internalError(String requestId, Optional<String> target) {
    ApiError error =
        new ApiError(
            500,
            "PGRSTX00",
            "Internal server error",
            "request id " + requestId + "; the server log has the cause",
            null);
    return new Result(HttpResponseData.error(error), Outcome.INTERNAL_ERROR, target);
  }

  private static void write(
      Response response,
      int status,
      Map<String, List<String>> headers,
      ResponseBody body,
      String requestId,
      Callback callback) {
    response.setStatus(status);
    HttpFields.Mutable out = response.getHeaders();
    headers.forEach((name, values) -> values.forEach(value -> out.add(name, value)));
    switch (body) {
      case ResponseBody.Bytes bytes ->
          response.write(true, ByteBuffer.wrap(bytes.bytes()), callback);
      case ResponseBody.Streamed streamed -> stream(response, streamed, requestId, callback);
    }
  }

  /**
   * Writes a streamed body as the client takes it (chunked), blocking this virtual thread; the body
   * releases its database connection when done or failed. A failure after the headers went out can
   * only cut the response short, which the client sees as an incomplete chunked body. A client that
   * closes its connection mid-body (a pipe into {@code head}, a cancelled fetch) is routine, not a
   * server fault: it is logged at debug, anything else as a warning.
   */
  private static void stream(
      Response response, ResponseBody.Streamed body, String requestId, Callback callback) {
    try (OutputStream out =
        new BufferedOutputStream(Content.Sink.asOutputStream(response), STREAM_BUFFER_BYTES)) {
      out.flush(); // the headers go out now, before the first rows: chunked, no Content-Length
      body.writeTo(out);
    } catch (IOException | RuntimeException e) {
      if (clientLeft(e)) {
        LOG.debug("request {}: the client left before the response ended", requestId);
      } else {
        LOG.warn("request {}: streaming the response failed: {}", requestId, e.toString());
      }
      body.close();
      callback.failed(e);
      return;
    }
    callback.succeeded();
  }

  /** Whether Jetty reported the peer gone (reset, broken pipe, closed) somewhere in the chain. */
  private static boolean clientLeft(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EofException) {
        return true;
      }
    }
    return false;
  }
}
