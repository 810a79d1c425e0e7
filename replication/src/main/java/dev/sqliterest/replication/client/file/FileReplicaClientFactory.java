package dev.sqliterest.replication.client.file;

import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaClientFactory;
import dev.sqliterest.replication.client.ReplicaUrl;
import java.nio.file.Path;

/** Opens {@link FileReplicaClient}s for {@code file://} URLs and plain paths. */
public final class FileReplicaClientFactory implements ReplicaClientFactory {

  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public ReplicaClient open(ReplicaUrl url) {
    if (!url.query().isEmpty()) {
      throw new IllegalArgumentException(
          "file replica url takes no parameters, got " + url.query().keySet());
    }
    return new FileReplicaClient(Path.of(url.path()));
  }
}
