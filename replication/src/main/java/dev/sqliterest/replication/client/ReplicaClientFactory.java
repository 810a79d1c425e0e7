package dev.sqliterest.replication.client;

import java.io.IOException;

/**
 * Opens replica clients for one URL scheme. Backends register through {@link
 * java.util.ServiceLoader} ({@code META-INF/services}), so this package needs no compile-time
 * dependency on them.
 */
public interface ReplicaClientFactory {

  /** The URL scheme served, e.g. {@code file} or {@code s3}. */
  String scheme();

  /** Opens a client for {@code url}; fails on unsupported or contradictory parameters. */
  ReplicaClient open(ReplicaUrl url) throws IOException;
}
