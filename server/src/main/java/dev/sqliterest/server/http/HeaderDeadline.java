package dev.sqliterest.server.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has not delivered a request's complete headers within the deadline,
 * counted from when the connection opened or its previous response was written. Jetty's idle
 * timeout restarts with every byte, so without this a client sending one header line every 20 s
 * holds a connection (and a slot of {@code --http-max-connections}) for as long as it likes: the
 * slowloris attack. Idle keep-alive connections are closed after the same time.
 *
 * <p>A connection listener on the connector sees connections open and close; {@link #wrap} marks a
 * connection busy while one of its requests is handled; a sweep, a few times per deadline, closes
 * connections that have waited too long.
 */
final class HeaderDeadline extends AbstractLifeCycle implements Connection.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

  private final long deadlineNanos;
  private final Scheduler scheduler;

  /**
   * Marks a connection the sweep has chosen to close. A request whose headers arrive in the same
   * instant must not run: its answer could never reach the client, which would see a failure for a
   * write that was committed.
   */
  private static final long CLOSING = Long.MIN_VALUE;

  /**
   * Connections waiting for a request's headers, with the time they started waiting, or {@link
   * #CLOSING}. The sweep and a starting request race for an entry; the map decides who wins.
   */
  private final Map<Connection, Long> waiting = new ConcurrentHashMap<>();

  private volatile Scheduler.Task sweep;

  HeaderDeadline(Duration deadline, Scheduler scheduler) {
    this.deadlineNanos = deadline.toNanos();
    this.scheduler = scheduler;
  }

  @Override
  public void onOpened(Connection connection) {
    waiting.put(connection, System.nanoTime());
  }

  @Override
  public void onClosed(Connection connection) {
    waiting.remove(connection);
  }

  /** {@code handler}, with each request's connection marked busy until its response is written. */
  Handler wrap(Handler handler) {
    return new Handler.Wrapper(handler) {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        Connection connection = request.getConnectionMetaData().getConnection();
        Long since = waiting.remove(connection);
        if ((since != null && since == CLOSING) || !connection.getEndPoint().isOpen()) {
          // the sweep may not have closed it yet: close it first, or failing the callback could
          // still write an error response (a 500 for a request that never ran)
          connection.getEndPoint().close();
          callback.failed(new EofException("connection closed by the header deadline"));
          return true;
        }
        Runnable waitAgain = () -> waitForNext(connection);
        return super.handle(
            request,
            response,
            Callback.from(
                callback.getInvocationType(),
                () -> {
                  waitAgain.run();
                  callback.succeeded();
                },
                failure -> {
                  waitAgain.run();
                  callback.failed(failure);
                }));
      }
    };
  }

  private void waitForNext(Connection connection) {
    if (connection.getEndPoint().isOpen()) {
      waiting.put(connection, System.nanoTime());
    }
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    long period = Math.max(10_000_000L, Math.min(1_000_000_000L, deadlineNanos / 4));
    schedule(period);
  }

  private void schedule(long periodNanos) {
    sweep =
        scheduler.schedule(
            () -> {
              if (isRunning()) {
                closeOverdue();
                schedule(periodNanos);
              }
            },
            periodNanos,
            TimeUnit.NANOSECONDS);
  }

  private void closeOverdue() {
    long now = System.nanoTime();
    waiting.forEach(
        (connection, since) -> {
          if (since != CLOSING
              && now - since > deadlineNanos
              && waiting.replace(connection, since, CLOSING)) {
            LOG.debug(
                "closing {}: no complete request headers within {} ms",
                connection.getEndPoint().getRemoteSocketAddress(),
                deadlineNanos / 1_000_000);
            connection.getEndPoint().close();
          }
        });
  }

  @Override
  protected void doStop() throws Exception {
    Scheduler.Task task = sweep;
    if (task != null) {
      task.cancel();
    }
    super.doStop();
  }
}
