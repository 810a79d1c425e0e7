package dev.sqliterest.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of one upstream port (an S3 server) that injects network and
 * HTTP faults on demand. The fault in force is looked at for every chunk a client sends, so pooled
 * keep-alive connections are hit as well as new ones:
 *
 * <ul>
 *   <li>{@link Fault#RESET}: the connection is reset (RST) as soon as the client sends.
 *   <li>{@link Fault#SLOW_DOWN}: the request is answered by the proxy with S3's {@code 503
 *       SlowDown} and the connection closed; nothing reaches the server.
 *   <li>{@link Fault#LATENCY}: the server's answer to each request is held back {@link #latency}.
 *   <li>{@link Fault#BLACKOUT}: a network partition. New connections are reset at once; open ones
 *       go silent (what the client sends is swallowed, nothing comes back) and are reset when the
 *       blackout ends, as a firewall that forgot their state would.
 *   <li>{@link Fault#TRUNCATE}: the request reaches the server, but only the first half of its
 *       answer's first chunk reaches the client, then the connection is closed.
 * </ul>
 */
public final class FaultProxy implements AutoCloseable {

  public enum Fault {
    NONE,
    RESET,
    SLOW_DOWN,
    LATENCY,
    BLACKOUT,
    TRUNCATE
  }

  private static final byte[] SLOW_DOWN_BODY =
      ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
              + "<Message>Please reduce your request rate.</Message></Error>")
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] SLOW_DOWN =
      concat(
          ("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
                  + SLOW_DOWN_BODY.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII),
          SLOW_DOWN_BODY);

  private final ServerSocket listener;
  private final int upstreamPort;
  private final Duration latency;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
  private volatile Fault fault = Fault.NONE;
  private volatile boolean closed;

  private FaultProxy(ServerSocket listener, int upstreamPort, Duration latency) {
    this.listener = listener;
    this.upstreamPort = upstreamPort;
    this.latency = latency;
    for (Fault f : Fault.values()) {
      injected.put(f, new AtomicLong());
    }
  }

  /** Starts a proxy to {@code 127.0.0.1:upstreamPort}; {@code latency} is what LATENCY adds. */
  public static FaultProxy start(int upstreamPort, Duration latency) throws IOException {
    FaultProxy proxy =
        new FaultProxy(
            new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstreamPort, latency);
    Thread.ofVirtual().name("fault-proxy-accept").start(proxy::acceptLoop);
    return proxy;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** The fault in force from now on ({@link Fault#NONE} heals). */
  public void inject(Fault next) {
    Fault previous = fault;
    fault = next;
    if (previous == Fault.BLACKOUT && next != Fault.BLACKOUT) {
      for (Link link : links) {
        if (link.stalled) {
          link.abort();
        }
      }
    }
  }

  /** How many times {@code f} was applied (requests answered, connections reset or held). */
  public long injected(Fault f) {
    return injected.get(f).get();
  }

  private void count(Fault f) {
    injected.get(f).incrementAndGet();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (fault == Fault.BLACKOUT) {
        count(Fault.BLACKOUT);
        reset(client);
        continue;
      }
      try {
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        Link link = new Link(client, upstream);
        links.add(link);
        Thread.ofVirtual().start(link::clientToUpstream);
        Thread.ofVirtual().start(link::upstreamToClient);
      } catch (IOException e) {
        reset(client); // upstream down: the client sees a reset, as from a dead host
      }
    }
  }

  /** One proxied connection: two pumps that consult the fault in force per chunk. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;
    private volatile boolean stalled;
    private volatile boolean delayNext;
    private volatile boolean truncateNext;

    Link(Socket client, Socket upstream) throws IOException {
      this.client = client;
      this.upstream = upstream;
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
    }

    void clientToUpstream() {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = client.getInputStream();
          OutputStream out = upstream.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          Fault f = fault;
          if (stalled || f == Fault.BLACKOUT) {
            if (!stalled) {
              stalled = true;
              count(Fault.BLACKOUT);
            }
            continue; // swallowed by the partition
          }
          switch (f) {
            case RESET -> {
              count(Fault.RESET);
              abort();
              return;
            }
            case SLOW_DOWN -> {
              count(Fault.SLOW_DOWN);
              OutputStream toClient = client.getOutputStream();
              toClient.write(SLOW_DOWN);
              toClient.flush();
              close();
              return;
            }
            case LATENCY -> delayNext = true;
            case TRUNCATE -> truncateNext = true;
            default -> {}
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side went away
      }
      close();
    }

    void upstreamToClient() {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = upstream.getInputStream();
          OutputStream out = client.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (stalled || fault == Fault.BLACKOUT) {
            stalled = true;
            continue;
          }
          if (delayNext) {
            delayNext = false;
            count(Fault.LATENCY);
            Thread.sleep(latency);
          }
          if (truncateNext && !interimContinue(buf, n)) {
            truncateNext = false;
            count(Fault.TRUNCATE);
            out.write(buf, 0, n / 2);
            out.flush();
            close();
            return;
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side went away
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      close();
    }

    /** Resets both sides (RST rather than FIN). */
    void abort() {
      reset(client);
      reset(upstream);
      links.remove(this);
    }

    void close() {
      closeQuietly(client);
      closeQuietly(upstream);
      links.remove(this);
    }
  }

  /** "HTTP/1.1 100 Continue": an interim answer, passed on so the final one can be cut. */
  private static boolean interimContinue(byte[] buf, int n) {
    return n >= 12 && new String(buf, 0, 12, StandardCharsets.US_ASCII).equals("HTTP/1.1 100");
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    for (Link link : links) {
      link.abort();
    }
  }
}
