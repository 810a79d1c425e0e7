package dev.sqliterest.replication.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.client.file.FileReplicaClient;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class ReplicaUrlTest {

  @Test
  void parse_fileUrl() {
    ReplicaUrl u = ReplicaUrl.parse("file:///var/backups//app/");
    assertThat(u.scheme()).isEqualTo("file");
    assertThat(u.path()).isEqualTo("/var/backups/app");
  }

  @Test
  void parse_plainPath_isFile() {
    ReplicaUrl u = ReplicaUrl.parse("rel/dir");
    assertThat(u.scheme()).isEqualTo("file");
    assertThat(Path.of(u.path())).isEqualTo(Path.of("rel/dir").toAbsolutePath().normalize());
  }

  @Test
  void parse_s3WithQuery() {
    ReplicaUrl u =
        ReplicaUrl.parse(
            "S3://bkt/db/app?endpoint=http://127.0.0.1:9000&region=eu-west-1&force-path-style=true&x=a%20b");
    assertThat(u.scheme()).isEqualTo("s3");
    assertThat(u.host()).isEqualTo("bkt");
    assertThat(u.path()).isEqualTo("/db/app");
    assertThat(u.param("endpoint")).contains("http://127.0.0.1:9000");
    assertThat(u.param("forcePathStyle", "force-path-style")).contains("true");
    assertThat(u.param("x")).contains("a b");
    assertThat(u.param("missing")).isEmpty();
  }

  @Test
  void parse_invalid() {
    assertThatThrownBy(() -> ReplicaUrl.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> ReplicaUrl.parse("file://host/x")).hasMessageContaining("file:///");
    assertThatThrownBy(() -> ReplicaUrl.parse("1x://a")).hasMessageContaining("scheme");
  }

  @Test
  void installedClients_openFileAndS3_rejectUnknownScheme() throws Exception {
    try (ReplicaClient c = ReplicaClients.open("file:///tmp/some-replica")) {
      assertThat(c).isInstanceOf(FileReplicaClient.class);
      assertThat(c.type()).isEqualTo("file");
    }
    try (ReplicaClient c =
        ReplicaClients.open("s3://bkt/db?endpoint=http://127.0.0.1:1&region=us-east-1")) {
      assertThat(c.type()).isEqualTo("s3");
      assertThat(c.url()).isEqualTo("s3://bkt/db");
    }
    assertThatThrownBy(() -> ReplicaClients.open("ftp://x/y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported replica url scheme \"ftp\"")
        .hasMessageContaining("file, s3");
  }

  @Test
  void rfc3339Nano_formatsLikeGo() {
    assertThat(LtxHeaderPeek.formatRfc3339Nano(Instant.ofEpochMilli(1_700_000_000_120L)))
        .isEqualTo("2023-11-14T22:13:20.12Z");
    assertThat(LtxHeaderPeek.formatRfc3339Nano(Instant.ofEpochMilli(1_700_000_000_000L)))
        .isEqualTo("2023-11-14T22:13:20Z");
    assertThat(LtxHeaderPeek.parseRfc3339("2023-11-14T23:13:20.12+01:00"))
        .isEqualTo(Instant.ofEpochMilli(1_700_000_000_120L));
  }
}
