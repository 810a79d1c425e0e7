package dev.sqliterest.replication.client.s3;

import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaClientFactory;
import dev.sqliterest.replication.client.ReplicaUrl;

/** Opens {@link S3ReplicaClient}s for {@code s3://} URLs. */
public final class S3ReplicaClientFactory implements ReplicaClientFactory {

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public ReplicaClient open(ReplicaUrl url) {
    return new S3ReplicaClient(S3Options.fromUrl(url));
  }
}
