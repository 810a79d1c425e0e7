package dev.sqliterest.testing;

import java.net.URI;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-process s3proxy on 127.0.0.1 (ephemeral port, in-memory store, path-style URLs). It can be
 * stopped and started again on the same port with the same objects: a replica outage and recovery.
 * While one is open, the JVM's {@code aws.accessKeyId}/{@code aws.secretAccessKey} system
 * properties hold its keys, so code under test that uses the SDK's default credentials chain (as a
 * user's server does with exported variables, which a test cannot set) reaches it. The module using
 * it declares {@code org.gaul:s3proxy} (test scope).
 */
public final class InProcessS3 implements AutoCloseable {

  public static final String ACCESS_KEY = "access";
  public static final String SECRET_KEY = "secret-secret";

  /** Open instances: the credential properties are set while this is above zero. */
  private static int open;

  private final BlobStore store = new TransientNio2BlobStore();
  private S3Proxy proxy;
  private int port;
  private S3Client client;
  private boolean closed;

  private InProcessS3() {}

  /** A started server holding the given (empty) buckets. */
  public static InProcessS3 start(String... buckets) throws Exception {
    InProcessS3 s3 = new InProcessS3();
    s3.restart();
    publishCredentials(+1);
    for (String bucket : buckets) {
      s3.createBucket(bucket);
    }
    return s3;
  }

  /** Starts the server (again): on its first port once it had one, with the objects it held. */
  public synchronized void restart() throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
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

  /** Stops the server (an outage); {@link #restart()} brings it back with the same objects. */
  public synchronized void stop() throws Exception {
    proxy.stop();
  }

  public void createBucket(String bucket) {
    store.createContainer(bucket);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** A replica URL for {@code bucket/prefix} on this server. */
  public String url(String bucket, String prefix) {
    return "s3://"
        + bucket
        + "/"
        + prefix
        + "?endpoint="
        + endpoint()
        + "&region=us-east-1&force-path-style=true";
  }

  /** Environment with this server's credentials (what a user would export). */
  public Map<String, String> env() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
  }

  /** A raw SDK client for this server (for tests that look at or plant objects). */
  public synchronized S3Client client() {
    if (client == null) {
      client =
          S3Client.builder()
              .endpointOverride(endpoint())
              .forcePathStyle(true)
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
              .build();
    }
    return client;
  }

  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    if (client != null) {
      client.close();
    }
    proxy.stop();
    publishCredentials(-1);
  }

  private static synchronized void publishCredentials(int change) {
    open += change;
    if (open == 1 && change > 0) {
      System.setProperty("aws.accessKeyId", ACCESS_KEY);
      System.setProperty("aws.secretAccessKey", SECRET_KEY);
    } else if (open == 0) {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
