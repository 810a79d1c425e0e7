package dev.sqliterest.replication.client.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.LtxBytes;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaClientContract;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.testing.InProcessS3;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

final class S3ReplicaClientTest extends ReplicaClientContract {

  private static InProcessS3 s3;
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private S3ReplicaClient s3Client;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = InProcessS3.start();
    s3.createBucket("bkt");
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @Override
  protected ReplicaClient newClient() {
    String url = s3.url("bkt", "db" + PREFIXES.incrementAndGet());
    s3Client = new S3ReplicaClient(S3Options.fromUrl(ReplicaUrl.parse(url), s3.env()));
    return s3Client;
  }

  @Override
  protected void putRaw(String relativePath, byte[] data) {
    String key = s3Client.options().key(relativePath);
    s3.client().putObject(b -> b.bucket("bkt").key(key), RequestBody.fromBytes(data));
  }

  @Override
  protected String levelPath(int level) {
    return String.format("%04x/", level);
  }

  @Test
  void writeLtxFile_usesLitestreamKeysAndTimestampMetadata() throws Exception {
    client.writeLtxFile(9, 1, 0x1a, new ByteArrayInputStream(LtxBytes.of(1, 0x1a, T0, 10)));
    String key = s3Client.options().path() + "/0009/0000000000000001-000000000000001a.ltx";
    HeadObjectResponse head = s3.client().headObject(b -> b.bucket("bkt").key(key));
    assertThat(head.metadata()).containsEntry("litestream-timestamp", "2023-11-14T22:13:20.123Z");
    assertThat(head.contentLength()).isEqualTo(110);
  }

  @Test
  void fromUrl_pathStyleEndpointAndRegion() {
    S3Options o = S3Options.fromUrl(ReplicaUrl.parse(s3.url("bkt", "a/b")), Map.of());
    assertThat(o.forcePathStyle()).isTrue();
    assertThat(o.region()).isEqualTo("us-east-1");
    assertThat(o.path()).isEqualTo("a/b");
  }
}
