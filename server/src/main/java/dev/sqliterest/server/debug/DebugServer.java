package dev.sqliterest.server.debug;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The diagnostics listener behind {@code --debug-addr} (alias {@code --pprof-addr}), off unless
 * that flag is given. Routes:
 *
 * <ul>
 *   <li>{@code GET /debug/} – this list;
 *   <li>{@code GET /debug/threads[?format=json]} – a thread dump including virtual threads;
 *   <li>{@code GET /debug/jfr?seconds=N} – a JFR recording (profile settings) of the next N seconds
 *       (1–600, default 30), one at a time; open it with JDK Mission Control or {@code jfr print}.
 * </ul>
 *
 * There is no authentication: a dump shows stack traces and a recording can reveal request data
 * (never the environment or arguments: {@link JfrRecordings#WITHHELD}), so it listens on localhost
 * unless a host is named, and a warning is logged at start, as sqlite-rest does for pprof. It uses
 * the JDK's HTTP server so that it does not share threads or limits with the API.
 */
public final class DebugServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DebugServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private DebugServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds {@code address} (port 0 picks a free port) and starts serving. */
  public static DebugServer start(InetSocketAddress address) throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    ThreadDumps threads = new ThreadDumps();
    JfrRecordings jfr = new JfrRecordings();
    server.createContext("/debug/", exchange -> route(exchange, threads, jfr));
    server.start();
    DebugServer debug = new DebugServer(server, executor);
    LOG.warn(
        "debug server listening on {}: it serves thread dumps and JFR recordings without"
            + " authentication, do not expose it to untrusted networks",
        debug.address());
    return debug;
  }

  /** The bound address (with the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void route(HttpExchange exchange, ThreadDumps threads, JfrRecordings jfr)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        text(exchange, 405, "method not allowed\n");
        return;
      }
      Query query = Query.parse(exchange.getRequestURI().getRawQuery());
      switch (exchange.getRequestURI().getPath()) {
        case "/debug/", "/debug" ->
            text(
                exchange,
                200,
                """
                /debug/threads            thread dump (text; ?format=json for JSON)
                /debug/jfr?seconds=N      JFR recording of the next N seconds (1-600, default 30)
                """);
        case "/debug/threads" -> threads.serve(exchange, query);
        case "/debug/jfr" -> jfr.serve(exchange, query);
        default -> text(exchange, 404, "not found; see /debug/\n");
      }
    } catch (RuntimeException e) {
      LOG.warn("debug request {} failed", exchange.getRequestURI(), e);
    }
  }

  static void text(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops accepting, gives running responses a second to finish, then stops. Idempotent. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
