package dev.sqliterest.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.server.testing.RecordingApi;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** App.close(): requests in flight finish, readiness drops first, then the database closes. */
final class GracefulShutdownTest {

  @TempDir Path dir;

  @Test
  void close_letsRequestsInFlightFinishThenRefusesAndClosesDatabase() throws Exception {
    int inFlight = 5;
    CountDownLatch entered = new CountDownLatch(inFlight);
    CountDownLatch release = new CountDownLatch(1);
    RecordingApi slow = holding(entered, release, Duration.ZERO);
    App app = start(slow, Duration.ofSeconds(20));
    Http admin = new Http(app.adminPort().orElseThrow());

    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < inFlight; i++) {
      HttpRequest request = get(app);
      responses.add(client.sendAsync(request, BodyHandlers.ofString()));
    }
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> closeUnchecked(app));
    waitUntil(() -> admin.get("/ready").statusCode() == 503);
    assertThat(closing).isNotDone();
    release.countDown();
    closing.get(20, TimeUnit.SECONDS);

    for (CompletableFuture<HttpResponse<String>> response : responses) {
      assertThat(response.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(response.get().body()).isEqualTo("[\"done\"]");
    }
    assertThatThrownBy(() -> new Http(app.httpPort()).get("/t"))
        .isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> app.database().read(c -> 1))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void close_letsARequestWithoutIoFinish_whenItTakesLongerThanJettysShutdownIdleTimeout()
      throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch closing = new CountDownLatch(1);
    // no read or write for longer than the 1 s Jetty gives connections once shutdown starts
    RecordingApi quiet = holding(entered, closing, Duration.ofMillis(2_500));
    App app = start(quiet, Duration.ofSeconds(20));
    CompletableFuture<HttpResponse<String>> response =
        HttpClient.newHttpClient().sendAsync(get(app), BodyHandlers.ofString());
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> closeUnchecked(app));
    waitUntil(() -> new Http(app.adminPort().orElseThrow()).get("/ready").statusCode() == 503);
    closing.countDown();
    stopped.get(20, TimeUnit.SECONDS);
    assertThat(response.get(5, TimeUnit.SECONDS).body()).isEqualTo("[\"done\"]");
  }

  @Test
  void close_doesNotWaitForIdleKeptAliveConnections() throws Exception {
    RecordingApi fast = new RecordingApi();
    fast.answer(r -> RecordingApi.json(200, "[]"));
    App app = start(fast, Duration.ofSeconds(20));
    HttpClient client = HttpClient.newHttpClient(); // keeps its connection open after the answer
    HttpRequest request = get(app);
    assertThat(client.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(200);

    long start = System.nanoTime();
    app.close();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(millis).as("stop time with an idle client, stop timeout 20 s").isLessThan(5_000);
  }

  @Test
  void close_givesUpOnStuckRequestsAfterTheShutdownTimeout() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    RecordingApi stuck = holding(entered, never, Duration.ZERO);
    App app = start(stuck, Duration.ofMillis(300));
    HttpClient.newHttpClient().sendAsync(get(app), BodyHandlers.discarding());
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    app.close();
    long millis = (System.nanoTime() - start) / 1_000_000;

    never.countDown();
    assertThat(millis).isLessThan(5_000);
  }

  private App start(RecordingApi api, Duration shutdownTimeout) throws Exception {
    ServeConfig config =
        ServeConfig.loopback(
                DatabaseOptions.defaults(dir.resolve("q.db")).withCreate(true), Set.of())
            .withShutdownTimeout(shutdownTimeout);
    return App.start(config, Wiring.defaults().withApi((db, c, p, d) -> api));
  }

  /**
   * An API whose requests say they arrived, wait for {@code release}, stay silent {@code
   * afterwards} more, then answer {@code ["done"]}.
   */
  private static RecordingApi holding(
      CountDownLatch entered, CountDownLatch release, Duration afterwards) {
    RecordingApi api = new RecordingApi();
    api.answer(
        r -> {
          entered.countDown();
          await(release);
          pause(afterwards);
          return RecordingApi.json(200, "[\"done\"]");
        });
    return api;
  }

  private static HttpRequest get(App app) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/t")).build();
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeUnchecked(App app) {
    try {
      app.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(20);
    }
  }
}
