package dev.sqliterest.server.http;

import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Lets requests in flight finish when the server stops. Jetty cuts every connection's idle timeout
 * to its shutdown idle timeout (1 s) when shutdown starts, so idle keep-alive connections close and
 * the stop is quick; but an idle timeout that fires while a handler waits without reading or
 * writing (queued for a reader connection) fails that request's response. While stopping, such a
 * timeout is ignored here, and the stop timeout alone bounds how long a request may still take.
 */
final class StopGrace extends Handler.Wrapper {

  private volatile boolean stopping;

  /** Jetty fails the request when this answers true; created once, not per request. */
  private final Predicate<TimeoutException> failUnlessStopping = timeout -> !stopping;

  StopGrace(Handler handler) {
    super(handler);
  }

  /** From now on, idle timeouts no longer fail requests being handled. */
  void stopping() {
    stopping = true;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    request.addIdleTimeoutListener(failUnlessStopping);
    return super.handle(request, response, callback);
  }
}
