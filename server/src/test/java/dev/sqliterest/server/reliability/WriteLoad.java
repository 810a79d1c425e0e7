package dev.sqliterest.server.reliability;

import dev.sqliterest.server.testing.Http;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrent HTTP clients against a running server. Each writer appends its own numbered rows to
 * {@link LogTable} ({@code client}, {@code seq} 1, 2, 3, ... in requests of one to four rows, one
 * transaction each) and waits for each answer before sending the next, so what it was told is
 * exact: the acknowledged requests, the one in flight when the connection died (outcome unknown),
 * and every other status. One reader polls the newest row. A writer stops at the first answer that
 * is not 2xx or at a connection failure (the server stopped or died).
 */
final class WriteLoad implements AutoCloseable {

  /** Rows {@code first..last} of {@code client}, acknowledged (2xx) at {@code atNanos}. */
  record Ack(int client, int first, int last, long atNanos) {
    int rows() {
      return last - first + 1;
    }
  }

  private final Http api;
  private final int padChars;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
  private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final Queue<String> serverErrors = new ConcurrentLinkedQueue<>();
  private final Map<Integer, Integer> lastSent = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> refusedFrom = new ConcurrentHashMap<>();
  private final AtomicInteger ackedRows = new AtomicInteger();
  private final AtomicInteger connectionFailures = new AtomicInteger();
  private final Queue<String> connectionFailureCauses = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Integer> clients = new ArrayList<>();

  private WriteLoad(Http api, int padChars) {
    this.api = api;
    this.padChars = padChars;
  }

  /**
   * Starts {@code writers} writers numbered {@code firstClient}, {@code firstClient + 1}, ... (a
   * number must not repeat within a database) and one reader.
   */
  static WriteLoad start(Http api, int firstClient, int writers, int padChars) {
    WriteLoad load = new WriteLoad(api, padChars);
    for (int c = firstClient; c < firstClient + writers; c++) {
      int client = c;
      load.clients.add(client);
      load.threads.add(Thread.ofPlatform().name("writer-" + c).start(() -> load.write(client)));
    }
    load.threads.add(Thread.ofPlatform().name("reader").start(load::read));
    return load;
  }

  private void write(int client) {
    int seq = 1;
    StringBuilder pad = new StringBuilder(padChars);
    while (running.get()) {
      int rows = 1 + ThreadLocalRandom.current().nextInt(4);
      StringBuilder body = new StringBuilder("[");
      for (int i = 0; i < rows; i++) {
        pad.setLength(0);
        while (pad.length() < padChars) {
          pad.append(Long.toHexString(ThreadLocalRandom.current().nextLong()));
        }
        pad.setLength(padChars);
        body.append(i == 0 ? "" : ",")
            .append("{\"client\":")
            .append(client)
            .append(",\"seq\":")
            .append(seq + i)
            .append(",\"pad\":\"")
            .append(pad)
            .append("\"}");
      }
      body.append(']');
      lastSent.put(client, seq + rows - 1);
      HttpResponse<String> r;
      try {
        r =
            api.send(
                "POST",
                "/" + LogTable.NAME,
                BodyPublishers.ofString(body.toString()),
                "Content-Type",
                "application/json",
                "Prefer",
                "return=minimal");
      } catch (UncheckedIOException e) {
        connectionFailures.incrementAndGet();
        connectionFailureCauses.add("client " + client + " seq " + seq + ": " + causes(e));
        return;
      }
      count(r);
      if (r.statusCode() / 100 != 2) {
        refusedFrom.put(client, seq);
        return;
      }
      acks.add(new Ack(client, seq, seq + rows - 1, System.nanoTime()));
      ackedRows.addAndGet(rows);
      seq += rows;
    }
  }

  private void read() {
    while (running.get()) {
      try {
        count(api.get("/" + LogTable.NAME + "?select=id,client,seq&order=id.desc&limit=1"));
      } catch (UncheckedIOException e) {
        return;
      }
    }
  }

  private void count(HttpResponse<String> r) {
    statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
    if (r.statusCode() >= 500) {
      serverErrors.add(
          r.request().method() + " " + r.uri() + " -> " + r.statusCode() + " " + r.body());
    }
  }

  /** Waits until at least {@code rows} rows in total were acknowledged. */
  WriteLoad awaitAckedRows(int rows, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (ackedRows.get() < rows) {
      if (System.nanoTime() > deadline || threads.stream().noneMatch(Thread::isAlive)) {
        throw new AssertionError(
            "only " + ackedRows.get() + " of " + rows + " rows acknowledged: " + summary());
      }
      Thread.sleep(5);
    }
    return this;
  }

  /** Stops sending; each client finishes (or loses) the request it has in flight. */
  WriteLoad stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join();
    }
    return this;
  }

  /** Waits until every client has stopped on its own (e.g. the server went away). */
  WriteLoad awaitStopped(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : threads) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      t.join(left);
      if (t.isAlive()) {
        throw new AssertionError(t.getName() + " still running after " + timeout);
      }
    }
    running.set(false);
    return this;
  }

  int ackedRows() {
    return ackedRows.get();
  }

  List<Ack> acks() {
    return List.copyOf(acks);
  }

  List<Integer> clients() {
    return List.copyOf(clients);
  }

  /** The highest seq {@code client} sent, in flight included (0: none). */
  int lastSent(int client) {
    return lastSent.getOrDefault(client, 0);
  }

  /**
   * The first seq of the request {@code client} was refused (an answer other than 2xx: nothing of
   * it may be committed), or 0.
   */
  int refusedFrom(int client) {
    return refusedFrom.getOrDefault(client, 0);
  }

  /** Responses by status code. */
  Map<Integer, Integer> statuses() {
    Map<Integer, Integer> out = new TreeMap<>();
    statuses.forEach((s, n) -> out.put(s, n.get()));
    return out;
  }

  /** Every 5xx answer, with its request. */
  List<String> serverErrors() {
    return List.copyOf(serverErrors);
  }

  int connectionFailures() {
    return connectionFailures.get();
  }

  String summary() {
    return "acked rows "
        + ackedRows.get()
        + ", statuses "
        + statuses()
        + ", connection failures "
        + connectionFailures.get()
        + " "
        + connectionFailureCauses
        + ", 5xx "
        + serverErrors();
  }

  private static String causes(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      out.append(out.isEmpty() ? "" : " <- ").append(t);
    }
    return out.toString();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
