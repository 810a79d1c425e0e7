package dev.sqliterest.server.http;

import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.response.ErrorBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The admin listener's routes: {@code /live} (200 while the process serves), {@code /ready} (200
 * once every readiness condition is met, else 503 listing what is pending) and the registered
 * {@link AdminEndpoint}s such as {@code /metrics}.
 */
public final class AdminHttpHandler extends Handler.Abstract {

  private static final String JSON = HttpResponseData.JSON_TYPE;

  private final ReadinessCheck readiness;
  private final Map<String, AdminEndpoint> endpoints;

  public AdminHttpHandler(ReadinessCheck readiness, List<AdminEndpoint> endpoints) {
    this.readiness = readiness;
    this.endpoints =
        endpoints.stream()
            .collect(Collectors.toUnmodifiableMap(AdminEndpoint::path, Function.identity()));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return send(
          response,
          callback,
          405,
          JSON,
          ErrorBody.json(ApiError.unsupportedMethod(method)),
          method);
    }
    String path = Request.getPathInContext(request);
    switch (path) {
      case "/live" -> {
        return send(response, callback, 200, JSON, json("{\"status\":\"live\"}"), method);
      }
      case "/ready" -> {
        List<String> pending = readiness.pending();
        if (pending.isEmpty()) {
          return send(response, callback, 200, JSON, json("{\"status\":\"ready\"}"), method);
        }
        String list =
            pending.stream()
                .map(p -> "\"" + p.replace("\"", "") + "\"")
                .collect(Collectors.joining(","));
        return send(
            response,
            callback,
            503,
            JSON,
            json("{\"status\":\"not ready\",\"pending\":[" + list + "]}"),
            method);
      }
      default -> {
        AdminEndpoint endpoint = endpoints.get(path);
        if (endpoint == null) {
          return send(
              response,
              callback,
              404,
              JSON,
              ErrorBody.json(
                  ApiError.invalidPath()
                      .withHint(
                          "The admin port serves /live, /ready"
                              + endpoints.keySet().stream()
                                  .sorted()
                                  .map(p -> ", " + p)
                                  .collect(Collectors.joining()))),
              method);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        endpoint.write(body);
        return send(response, callback, 200, endpoint.contentType(), body.toByteArray(), method);
      }
    }
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean send(
      Response response,
      Callback callback,
      int status,
      String contentType,
      byte[] body,
      String method) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(
        true, method.equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
    return true;
  }
}
