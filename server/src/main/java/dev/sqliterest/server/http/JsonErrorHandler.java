package dev.sqliterest.server.http;

import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.rest.error.ApiError;
import dev.sqliterest.rest.response.ErrorBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers by itself (malformed requests, a request line or headers over the limit,
 * 503 while shutting down) in the same JSON shape as every other error, instead of Jetty's HTML
 * page. They carry the code {@code HTTP<status>} (e.g. {@code HTTP431}): they happen before any
 * PostgREST stage, so no PGRST code applies.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int status,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpResponseData.JSON_TYPE);
    // with a cause, Jetty's message is the exception's text (class name included): keep it out
    response.write(true, ByteBuffer.wrap(body(status, cause == null ? message : null)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, HttpResponseData.JSON_TYPE);
    return ByteBuffer.wrap(body(status, reason));
  }

  private static byte[] body(int status, String detail) {
    String message = HttpStatus.getMessage(status);
    return ErrorBody.json(
        new ApiError(
            status,
            "HTTP" + status,
            message,
            detail == null || detail.equals(message) ? null : detail,
            null));
  }
}
