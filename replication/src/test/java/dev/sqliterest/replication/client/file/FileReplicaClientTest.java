package dev.sqliterest.replication.client.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.LtxBytes;
import dev.sqliterest.replication.client.ReplicaClient;
import dev.sqliterest.replication.client.ReplicaClientContract;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FileReplicaClientTest extends ReplicaClientContract {

  @TempDir Path dir;
  private Path root;

  @Override
  protected ReplicaClient newClient() {
    root = dir.resolve("replica");
    return new FileReplicaClient(root);
  }

  @Override
  protected void putRaw(String relativePath, byte[] data) throws Exception {
    Path p = root.resolve(relativePath);
    Files.createDirectories(p.getParent());
    Files.write(p, data);
  }

  @Override
  protected String levelPath(int level) {
    return "ltx/" + level + "/";
  }

  @Test
  void writeLtxFile_usesLitestreamLayout_andSetsMtimeToHeaderTimestamp() throws Exception {
    client.writeLtxFile(9, 1, 0x1a, new ByteArrayInputStream(LtxBytes.of(1, 0x1a, T0, 10)));
    Path p = root.resolve("ltx/9/0000000000000001-000000000000001a.ltx");
    assertThat(p).exists();
    assertThat(Files.getLastModifiedTime(p).toInstant()).isEqualTo(Instant.ofEpochMilli(T0));
    assertThat(client.ltxFiles(9, 0, false).get(0).createdAt()).isEqualTo(Instant.ofEpochMilli(T0));
    try (var s = Files.list(p.getParent())) {
      assertThat(s.map(x -> x.getFileName().toString()))
          .containsExactly(p.getFileName().toString());
    }
  }

  @Test
  void writeLtxFile_failingStream_leavesNoFile() throws Exception {
    byte[] data = LtxBytes.of(1, 1, T0, 1000);
    var failing =
        new java.io.FilterInputStream(new ByteArrayInputStream(data)) {
          int served;

          @Override
          public int read(byte[] b, int off, int len) throws java.io.IOException {
            if (served > 200) {
              throw new java.io.IOException("network gone");
            }
            int n = super.read(b, off, Math.min(len, 64));
            served += Math.max(n, 0);
            return n;
          }
        };
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.writeLtxFile(0, 1, 1, failing))
        .hasMessageContaining("network gone");
    try (var s = Files.list(root.resolve("ltx/0"))) {
      assertThat(s).isEmpty();
    }
  }
}
