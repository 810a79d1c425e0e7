package dev.sqliterest.server.api;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large reads are streamed to the socket as the rows are read (chunked, no Content-Length), not
 * rendered into one array first; small reads keep the in-memory rendering with its length. HEAD
 * builds no body. A streamed response holds a pooled reader connection until it is written or the
 * client goes away, never longer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class StreamedReadHttpTest {

  /** About 20 MB of JSON: far more than socket buffers absorb, so a client can leave mid-way. */
  private static final int ROWS = 200_000;

  private LiveServer server;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    server = LiveServer.withoutAuth(dir, Set.of("big"));
    server.sql(
        "CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT, note TEXT)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
            + ROWS
            + ") INSERT INTO big SELECT i, 'row ' || i, printf('%.60c', 'x') FROM n");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void aLargeReadIsStreamedChunkedWithEveryRowInOrder() throws Exception {
    HttpResponse<String> r = server.get("/big?order=id", "Prefer", "count=exact");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Length")).as("not rendered in memory").isEmpty();
    assertThat(r.headers().firstValue("Transfer-Encoding")).contains("chunked");
    assertThat(r.headers().firstValue("Content-Range")).contains("0-" + (ROWS - 1) + "/" + ROWS);
    JsonNode rows = LiveServer.JSON.readTree(r.body());
    assertThat(rows.size()).isEqualTo(ROWS);
    for (int i = 0; i < ROWS; i++) {
      assertThat(rows.get(i).get("id").asInt()).isEqualTo(i + 1);
    }
    assertThat(rows.get(ROWS - 1).get("name").asText()).isEqualTo("row " + ROWS);
  }

  @Test
  void csvIsStreamedToo() {
    HttpResponse<String> r = server.get("/big?select=id,name&id=gt.1000", "Accept", "text/csv");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Length")).isEmpty();
    String[] lines = r.body().split("\n");
    assertThat(lines).hasSize(ROWS - 1000 + 1);
    assertThat(lines[0]).isEqualTo("id,name");
    assertThat(lines[1]).isEqualTo("1001,row 1001");
  }

  @Test
  void aSmallReadKeepsItsLength() {
    for (String path : java.util.List.of("/big?limit=1000", "/big?id=gt." + (ROWS - 1000))) {
      HttpResponse<String> r = server.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Length"))
          .as(path)
          .contains(String.valueOf(r.body().getBytes(StandardCharsets.UTF_8).length));
      assertThat(r.headers().firstValue("Content-Range")).as(path).contains("0-999/*");
    }
  }

  @Test
  void limitsAndOffsetsAboveTheInMemoryBoundCountExactly() {
    HttpResponse<String> r = server.get("/big?select=id&order=id.desc&offset=10&limit=1001");
    assertThat(r.headers().firstValue("Content-Range")).contains("10-1010/*");
    JsonNode rows = LiveServer.json(r);
    assertThat(rows.size()).isEqualTo(1001);
    assertThat(rows.get(0).get("id").asInt()).isEqualTo(ROWS - 10);
  }

  @Test
  void aCountedStreamedReadTakesItsRangeFromTheCount() {
    HttpResponse<String> r =
        server.get("/big?select=id&order=id&offset=10&limit=150000", "Prefer", "count=exact");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.headers().firstValue("Content-Length")).isEmpty();
    assertThat(r.headers().firstValue("Content-Range")).contains("10-150009/" + ROWS);
    JsonNode rows = LiveServer.json(r);
    assertThat(rows.size()).isEqualTo(150_000);
    assertThat(rows.get(0).get("id").asInt()).isEqualTo(11);
  }

  @Test
  @Timeout(120)
  void clientsThatStopReadingLeaveAReaderForOtherReads() throws Exception {
    // 4 readers: streams may hold 3; a 4th stream waits, a small read does not
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096); // far below the body: the server's write blocks
        socket.connect(new InetSocketAddress("127.0.0.1", server.app.httpPort()));
        stalled.add(socket);
        socket
            .getOutputStream()
            .write("GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(US_ASCII));
        if (i < 3) { // its headers went out: it holds a reader, and then stops reading
          byte[] status = socket.getInputStream().readNBytes(12);
          assertThat(new String(status, US_ASCII)).isEqualTo("HTTP/1.1 200");
        }
      }
      HttpResponse<String> small =
          CompletableFuture.supplyAsync(() -> server.get("/big?id=eq.7&select=id"))
              .get(20, TimeUnit.SECONDS);
      assertThat(small.body()).isEqualTo("[{\"id\":7}]");
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  @Test
  void headBuildsNoBody() {
    HttpResponse<String> head = server.head("/big", "Prefer", "count=exact");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).isEmpty();
    assertThat(head.headers().firstValue("Content-Range")).contains("0-" + (ROWS - 1) + "/" + ROWS);
  }

  @Test
  @Timeout(120)
  void clientsThatLeaveMidStreamGiveTheirConnectionBack() throws Exception {
    // the pool has 4 readers: each abandoned stream that kept one would leave a read waiting
    for (int i = 0; i < 8; i++) {
      try (Socket socket = new Socket("127.0.0.1", server.app.httpPort())) {
        OutputStream out = socket.getOutputStream();
        out.write(
            "GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] first = in.readNBytes(4096);
        assertThat(new String(first, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
      } // closed with most of the body unread
    }
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> r = server.get("/big?select=id&order=id.desc&limit=1");
      assertThat(r.body()).isEqualTo("[{\"id\":" + ROWS + "}]");
    }
  }
}
