package dev.sqliterest.replication;

import dev.sqliterest.replication.client.s3.InProcessS3;
import java.net.URI;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An in-process s3proxy that can be stopped and started again on the same port with the same
 * in-memory store: a replica outage and recovery.
 */
final class RestartableS3 implements AutoCloseable {

  private final BlobStore store = new TransientNio2BlobStore();
  private S3Proxy proxy;
  private int port;

  static RestartableS3 start(String bucket) throws Exception {
    RestartableS3 s3 = new RestartableS3();
    s3.up();
    s3.store.createContainer(bucket);
    return s3;
  }

  synchronized void up() throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(
                AuthenticationType.AWS_V2_OR_V4, InProcessS3.ACCESS_KEY, InProcessS3.SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(5);
    }
    port = proxy.getPort();
  }

  synchronized void down() throws Exception {
    proxy.stop();
  }

  String url(String bucket, String prefix) {
    return "s3://"
        + bucket
        + "/"
        + prefix
        + "?endpoint=http://127.0.0.1:"
        + port
        + "&region=us-east-1&force-path-style=true";
  }

  Map<String, String> env() {
    return Map.of(
        "AWS_ACCESS_KEY_ID",
        InProcessS3.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY",
        InProcessS3.SECRET_KEY);
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
