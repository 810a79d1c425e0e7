package dev.sqliterest.replication.client;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The registry from URL scheme to {@link ReplicaClientFactory}; opens a client for a URL. */
public final class ReplicaClients {

  private final Map<String, ReplicaClientFactory> factories;

  private ReplicaClients(Map<String, ReplicaClientFactory> factories) {
    this.factories =
        Collections.unmodifiableMap(new TreeMap<>(factories)); // sorted: stable error text
  }

  /** The factories found on the class path (file and S3 in this module). */
  public static ReplicaClients installed() {
    Map<String, ReplicaClientFactory> found = new TreeMap<>();
    for (ReplicaClientFactory f :
        ServiceLoader.load(ReplicaClientFactory.class, ReplicaClients.class.getClassLoader())) {
      found.putIfAbsent(f.scheme(), f);
    }
    return new ReplicaClients(found);
  }

  /** A registry of exactly the given factories (tests, custom wiring). */
  public static ReplicaClients of(ReplicaClientFactory... factories) {
    Map<String, ReplicaClientFactory> map = new TreeMap<>();
    for (ReplicaClientFactory f : factories) {
      map.put(f.scheme(), f);
    }
    return new ReplicaClients(map);
  }

  /** Opens a client for a URL or plain path using the installed backends. */
  public static ReplicaClient open(String url) throws IOException {
    return installed().open(ReplicaUrl.parse(url));
  }

  /** Opens a client for {@code url}; unknown schemes fail naming the supported ones. */
  public ReplicaClient open(ReplicaUrl url) throws IOException {
    ReplicaClientFactory f = factories.get(url.scheme());
    if (f == null) {
      throw new IllegalArgumentException(
          "unsupported replica url scheme \""
              + url.scheme()
              + "\" (supported: "
              + String.join(", ", factories.keySet())
              + ")");
    }
    return f.open(url);
  }
}
