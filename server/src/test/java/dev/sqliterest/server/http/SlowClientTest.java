package dev.sqliterest.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.server.config.HttpLimits;
import dev.sqliterest.server.testing.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real slow clients over real sockets: a client dribbling header lines (slowloris) is cut off at
 * the header deadline although it keeps sending, and past the connection cap new clients wait until
 * a slot frees.
 */
final class SlowClientTest {

  private HttpServer server;

  private static final Handler OK =
      new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
          response.setStatus(200);
          response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
          return true;
        }
      };

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private void start(HttpLimits limits) throws Exception {
    start(limits, OK);
  }

  private void start(HttpLimits limits, Handler handler) throws Exception {
    server =
        HttpServer.start(
            "api",
            new InetSocketAddress("127.0.0.1", 0),
            HttpServer.Threads.VIRTUAL,
            handler,
            Duration.ofSeconds(1),
            limits);
  }

  @Test
  void aRequestHandledLongerThanTheDeadline_isAnsweredOnItsConnection() throws Exception {
    Handler slow =
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            Thread.sleep(2_500); // the request itself is slow: a long query
            return OK.handle(request, response, callback);
          }
        };
    start(new HttpLimits(Duration.ofSeconds(1), 100), slow);
    try (Socket client = connect()) {
      client
          .getOutputStream()
          .write("GET /books HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readResponse(client.getInputStream())).startsWith("HTTP/1.1 200").endsWith("ok");
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(30_000);
    return socket;
  }

  @Test
  void headerLinesDribbledIn_connectionClosedAtTheDeadline() throws Exception {
    start(new HttpLimits(Duration.ofSeconds(1), 100));
    try (Socket slow = connect()) {
      OutputStream out = slow.getOutputStream();
      out.write("GET /books HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long started = System.nanoTime();
      // keep sending a header line every 200 ms, well inside Jetty's 30 s idle timeout
      CompletableFuture<Void> dribble =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int i = 0; i < 150; i++) {
                    out.write(("X-Slow-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(200);
                  }
                } catch (IOException | InterruptedException closedByServer) {
                  // the server closed the connection, which is the point
                }
              });

      int read = slow.getInputStream().read(); // blocks until the server closes (-1)
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;

      assertThat(read).isEqualTo(-1);
      assertThat(elapsedMs).isBetween(900L, 20_000L);
      dribble.get(35, TimeUnit.SECONDS);
      assertThat(new Http(server.port()).get("/books").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void completeRequests_onAKeptAliveConnection_areServed() throws Exception {
    start(new HttpLimits(Duration.ofSeconds(2), 100));
    try (Socket client = connect()) {
      OutputStream out = client.getOutputStream();
      InputStream in = client.getInputStream();
      for (int i = 0; i < 3; i++) {
        out.write("GET /books HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(readResponse(in)).startsWith("HTTP/1.1 200").endsWith("ok");
      }
    }
  }

  @Test
  void pastTheConnectionCap_newClientsWaitForAFreeSlot() throws Exception {
    start(new HttpLimits(Duration.ofSeconds(30), 2));
    try (Socket first = connect();
        Socket second = connect();
        Socket third = connect()) {
      // the first two are accepted and served
      for (Socket s : new Socket[] {first, second}) {
        s.getOutputStream()
            .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200");
      }
      third
          .getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      third.setSoTimeout(1_000);
      assertThat(readOrTimeout(third.getInputStream())).isEqualTo("no answer");

      first.close();
      third.setSoTimeout(30_000);
      assertThat(readResponse(third.getInputStream())).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void requestArrivingAsTheIdleDeadlineCloses_runsOnlyIfItIsAnswered() throws Exception {
    // A request whose headers arrive in the instant the sweep closes its idle connection must not
    // run: the client would see a failure for a write that was committed.
    AtomicInteger ran = new AtomicInteger();
    Handler counting =
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            ran.incrementAndGet();
            Thread.sleep(2); // the sweep has time to close the connection under a running request
            return OK.handle(request, response, callback);
          }
        };
    Duration deadline = Duration.ofMillis(40);
    start(new HttpLimits(deadline, 100), counting);
    int answered = 0;
    List<String> otherAnswers = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      try (Socket client = connect()) {
        // wait around the deadline (30..60 ms), then send: sometimes before, sometimes at, the
        // close
        Thread.sleep(30 + (i % 31));
        try {
          client
              .getOutputStream()
              .write("GET /w HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          String answer = readResponse(client.getInputStream());
          answered++;
          if (!answer.startsWith("HTTP/1.1 200")) {
            // an answer without the handler (an error response for a refused request) is a bug
            otherAnswers.add(answer.lines().findFirst().orElse(answer));
          }
        } catch (IOException closedByTheDeadline) {
          // refused, which is allowed, as long as it did not run
        }
      }
    }
    assertThat(otherAnswers).as("answers the handler did not give").isEmpty();
    assertThat(ran.get()).as("requests that ran were all answered").isEqualTo(answered);
  }

  private static String readOrTimeout(InputStream in) throws IOException {
    try {
      int b = in.read();
      return b < 0 ? "closed" : "answered";
    } catch (java.net.SocketTimeoutException e) {
      return "no answer";
    }
  }

  /** One response with a Content-Length body. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head);
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
