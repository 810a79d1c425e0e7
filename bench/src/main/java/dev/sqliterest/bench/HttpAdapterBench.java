package dev.sqliterest.bench;

import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.http.HttpServer;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the HTTP adapter ({@code ApiHttpHandler}: request id, CORS, authentication, body read,
 * header conversion, exchange listeners with the Prometheus request metrics) adds to a request
 * round trip, with the API engine replaced by a constant answer so only the adapter differs.
 * Baseline: a bare Jetty handler on the same {@code HttpServer} (virtual threads, graceful handler)
 * that writes the same bytes. Both are called over loopback by one JDK {@code HttpClient}
 * connection, so the numbers are round-trip latencies; the difference is the adapter's cost.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar HttpAdapterBench -f1 -wi 3 -i 5 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HttpAdapterBench {

  private static final byte[] BODY =
      "[{\"id\":1,\"title\":\"Emma\"},{\"id\":2,\"title\":\"Dune\"}]"
          .getBytes(StandardCharsets.UTF_8);

  private Path dir;
  private App app;
  private HttpServer bare;
  private HttpClient client;
  private HttpRequest viaAdapter;
  private HttpRequest viaBareJetty;

  @Setup(Level.Trial)
  public void start() throws Exception {
    dir = Files.createTempDirectory("http-adapter-bench");
    HttpResponseData answer =
        new HttpResponseData(
            200,
            Map.of(
                "Content-Type",
                List.of("application/json; charset=utf-8"),
                "Content-Range",
                List.of("0-1/*")),
            BODY);
    ServeConfig config =
        ServeConfig.loopback(
                DatabaseOptions.defaults(dir.resolve("b.db")).withCreate(true), Set.of("books"))
            .withMetricsAddr(Optional.empty());
    // production wiring minus the access log (console output would dominate the measurement)
    Wiring production = Wiring.defaults();
    Wiring wiring =
        new Wiring(
            (db, c, p, d) -> request -> answer,
            production.authenticators(),
            production.metrics(),
            List.of(),
            List.of());
    app = App.start(config, wiring);
    bare =
        HttpServer.start(
            "bare",
            new InetSocketAddress("127.0.0.1", 0),
            HttpServer.Threads.VIRTUAL,
            new Handler.Abstract() {
              @Override
              public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "application/json; charset=utf-8");
                response.getHeaders().put("Content-Range", "0-1/*");
                response.write(true, ByteBuffer.wrap(BODY), callback);
                return true;
              }
            },
            Duration.ofSeconds(1),
            dev.sqliterest.server.config.HttpLimits.DEFAULTS);
    client = HttpClient.newHttpClient();
    viaAdapter = get(app.httpPort());
    viaBareJetty = get(bare.port());
  }

  private static HttpRequest get(int port) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/books?select=id,title&order=id"))
        .header("Accept", "application/json")
        .header("Origin", "https://app.example")
        .build();
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    app.close();
    bare.close();
  }

  @Benchmark
  public byte[] bareJetty() throws Exception {
    return client.send(viaBareJetty, BodyHandlers.ofByteArray()).body();
  }

  @Benchmark
  public byte[] adapter() throws Exception {
    return client.send(viaAdapter, BodyHandlers.ofByteArray()).body();
  }
}
