package dev.sqliterest.replication.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.replication.client.s3.S3Options;
import dev.sqliterest.replication.client.s3.S3ReplicaClient;
import dev.sqliterest.testing.InProcessS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** Restores through the S3 client (in-process s3proxy): latest, TXID, and time from metadata. */
final class S3RestoreTest {

  @TempDir static Path shared;
  private static DatabaseStates states;
  private static InProcessS3 s3;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    states = DatabaseStates.build(shared, 8, 0);
    s3 = InProcessS3.start();
    s3.createBucket("bkt");
  }

  @AfterAll
  static void tearDown() throws Exception {
    s3.close();
  }

  private S3ReplicaClient client(String prefix) {
    return new S3ReplicaClient(
        S3Options.fromUrl(ReplicaUrl.parse(s3.url("bkt", prefix)), s3.env()));
  }

  private RestoreResult restore(S3ReplicaClient c, RestoreTarget t, Path out) throws Exception {
    return new Restorer(c).restore(t, out, IntegrityCheck.FULL, RestoreProgress.NONE);
  }

  @Test
  void latest_txid_andTimestampFromMetadata() throws Exception {
    try (S3ReplicaClient c = client("ok")) {
      LtxReplicaWriter w = new LtxReplicaWriter(states, c);
      w.range(9, 1, 4);
      w.l0(1, 8);
      Path out = dir.resolve("a.db");
      assertThat(restore(c, RestoreTarget.latest(), out).txid()).isEqualTo(8);
      assertThat(Files.readAllBytes(out)).isEqualTo(states.image(8));
      assertThat(restore(c, new RestoreTarget.AtTxid(6), out).txid()).isEqualTo(6);
      assertThat(Files.readAllBytes(out)).isEqualTo(states.image(6));
      // LastModified is "now" for every object; only the litestream-timestamp metadata
      // (= header timestamp) can place τ between TXIDs 5 and 6
      Instant tau = Instant.ofEpochMilli(LtxReplicaWriter.timestamp(5) + 1);
      assertThat(restore(c, new RestoreTarget.AtTime(tau), out).txid()).isEqualTo(5);
      assertThat(Files.readAllBytes(out)).isEqualTo(states.image(5));
    }
  }

  @Test
  void corruptedObject_clearError_noOutput() throws Exception {
    try (S3ReplicaClient c = client("bad")) {
      LtxReplicaWriter w = new LtxReplicaWriter(states, c);
      w.l0(1, 3);
      byte[] b = w.encode(3, 3);
      b[b.length / 2] ^= 0x20;
      String key = c.options().key("0000/0000000000000003-0000000000000003.ltx");
      s3.client().putObject(x -> x.bucket("bkt").key(key), RequestBody.fromBytes(b));
      Path out = dir.resolve("b.db");
      assertThatThrownBy(() -> restore(c, RestoreTarget.latest(), out))
          .isInstanceOf(RestoreException.class)
          .hasMessageContaining("0000000000000003-0000000000000003.ltx");
      assertThat(out).doesNotExist();
    }
  }
}
