package dev.sqliterest.server.http;

import dev.sqliterest.server.config.HttpLimits;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jetty server on virtual threads serving one handler on one address; the API and the admin
 * listener are two of these, so the admin port can answer /live and /ready while the database is
 * still being opened or restored and the API port is not yet bound.
 *
 * <p>{@link #close()} is the graceful half of shutdown: the connector stops accepting, requests in
 * flight get up to the stop timeout to finish (new requests on kept-alive connections get 503),
 * then the server stops.
 */
public final class HttpServer implements AutoCloseable {

  /** Request line plus headers; a longer URI gets 414, more headers 431 (Jetty: 8 KiB). */
  static final int MAX_REQUEST_HEADER_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private final Server server;
  private final ServerConnector connector;
  private final StopGrace grace;
  private final int port;

  private HttpServer(Server server, ServerConnector connector, StopGrace grace) {
    this.server = server;
    this.connector = connector;
    this.grace = grace;
    this.port = connector.getLocalPort();
  }

  /** Which threads serve the requests. */
  public enum Threads {
    /** A virtual thread per request: the API. */
    VIRTUAL,
    /**
     * A few platform threads: the admin listener, so /live and /ready answer even when every
     * virtual-thread carrier is pinned by long SQLite statements.
     */
    PLATFORM
  }

  /**
   * Binds and starts a listener.
   *
   * @param name names the threads and the connector ("api", "admin")
   * @param stopTimeout how long {@link #close()} waits for requests in flight
   * @param limits the header deadline and the connection cap
   */
  public static HttpServer start(
      String name,
      InetSocketAddress address,
      Threads threads,
      Handler handler,
      Duration stopTimeout,
      HttpLimits limits)
      throws Exception {
    Server server = new Server(pool(name, threads));
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    // PostgREST clients put whole filters (long in.(...) lists) into the URL
    config.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
    connector.setName(name);
    connector.setHost(
        address.isUnresolved() || !address.getAddress().isAnyLocalAddress()
            ? address.getHostString()
            : null);
    connector.setPort(address.getPort());
    server.addConnector(connector);
    HeaderDeadline deadline = new HeaderDeadline(limits.headerTimeout(), connector.getScheduler());
    connector.addBean(deadline);
    NetworkConnectionLimit cap = new NetworkConnectionLimit(limits.maxConnections(), connector);
    // while at the cap, idle connections make room sooner
    cap.setEndPointIdleTimeout(limits.headerTimeout().toMillis());
    server.addBean(cap);
    StopGrace grace = new StopGrace(deadline.wrap(handler));
    server.setHandler(new GracefulHandler(grace));
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(stopTimeout.toMillis());
    server.setStopAtShutdown(false);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return new HttpServer(server, connector, grace);
  }

  private static ThreadPool pool(String name, Threads threads) {
    if (threads == Threads.VIRTUAL) {
      VirtualThreadPool pool = new VirtualThreadPool();
      pool.setName(name);
      return pool;
    }
    QueuedThreadPool pool = new QueuedThreadPool(8, 2);
    pool.setName(name);
    return pool;
  }

  /** The bound port (the real one when 0 was asked for); still known after {@link #close()}. */
  public int port() {
    return port;
  }

  /**
   * Stops accepting, lets requests in flight finish up to the stop timeout, then stops. Requests
   * still running after the timeout are cut off (their connections close) with a warning.
   */
  @Override
  public void close() throws Exception {
    grace.stopping();
    try {
      server.stop();
    } catch (TimeoutException e) {
      // Jetty stopped everything and reports only that the graceful phase ran out of time
      LOG.warn(
          "{} listener: requests still in flight after the shutdown timeout of {} ms were"
              + " cut off",
          connector.getName(),
          server.getStopTimeout());
    }
  }
}
