package dev.sqliterest.server.debug;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DebugServerTest {

  @TempDir Path tmp;
  private DebugServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = DebugServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  @AfterEach
  void stop() {
    server.close();
    client.close();
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    return client.send(
        HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void threads_includeAParkedThreadWithItsStack() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Thread sleeper = Thread.ofPlatform().name("debug-test-sleeper").start(awaiting(release));
    Thread virtual = Thread.ofVirtual().name("debug-test-virtual").start(awaiting(release));
    try {
      HttpResponse<byte[]> text = get("/debug/threads");
      HttpResponse<byte[]> json = get("/debug/threads?format=json");

      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(new String(text.body()))
          .contains("debug-test-sleeper", "debug-test-virtual", "CountDownLatch.await");
      assertThat(json.statusCode()).isEqualTo(200);
      assertThat(json.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(new String(json.body())).startsWith("{").contains("\"debug-test-sleeper\"");
    } finally {
      release.countDown();
      sleeper.join();
      virtual.join();
    }
  }

  @Test
  void jfr_oneSecond_returnsAReadableRecording() throws Exception {
    HttpResponse<byte[]> response = get("/debug/jfr?seconds=1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(v -> assertThat(v).contains(".jfr"));
    Path file = tmp.resolve("r.jfr");
    Files.write(file, response.body());
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    assertThat(events).extracting(e -> e.getEventType().getName()).contains("jdk.CPUInformation");
  }

  @Test
  void jfr_neverCarriesEnvironmentPropertiesOrArguments() throws Exception {
    // another recording with the default settings (these events on) shares the JVM's chunks
    try (Recording other = new Recording(Configuration.getConfiguration("default"))) {
      other.start();
      HttpResponse<byte[]> response = get("/debug/jfr?seconds=1");

      assertThat(response.statusCode()).isEqualTo(200);
      Path file = tmp.resolve("r.jfr");
      Files.write(file, response.body());
      assertThat(RecordingFile.readAllEvents(file))
          .isNotEmpty()
          .extracting(e -> e.getEventType().getName())
          .doesNotContain(
              "jdk.InitialEnvironmentVariable",
              "jdk.InitialSystemProperty",
              "jdk.JVMInformation",
              "jdk.SystemProcess");
      String path = System.getenv("PATH");
      assertThat(path).hasSizeGreaterThan(8);
      assertThat(new String(response.body(), StandardCharsets.ISO_8859_1)).doesNotContain(path);
    }
  }

  @Test
  void jfr_secondRecordingWhileOneRuns_409() throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/debug/jfr?seconds=2");
    var first =
        client.sendAsync(
            HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    Thread.sleep(300);
    int second = get("/debug/jfr?seconds=1").statusCode();

    // whichever got the recorder first answers 200, the other 409 (order is up to the scheduler)
    assertThat(List.of(first.get().statusCode(), second)).containsExactlyInAnyOrder(200, 409);
  }

  @Test
  void jfr_badSeconds_400() throws Exception {
    assertThat(get("/debug/jfr?seconds=0").statusCode()).isEqualTo(400);
    assertThat(get("/debug/jfr?seconds=601").statusCode()).isEqualTo(400);
    assertThat(get("/debug/jfr?seconds=ten").statusCode()).isEqualTo(400);
  }

  @Test
  void routes_indexUnknownAndMethod() throws Exception {
    HttpResponse<byte[]> index = get("/debug/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(new String(index.body())).contains("/debug/threads", "/debug/jfr");
    assertThat(get("/debug/nope").statusCode()).isEqualTo(404);
    assertThat(get("/debug/threads?format=xml").statusCode()).isEqualTo(400);
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/debug/threads");
    HttpResponse<String> post =
        client.send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  /** Parks until {@code release} opens. */
  private static Runnable awaiting(CountDownLatch release) {
    return () -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }
}
