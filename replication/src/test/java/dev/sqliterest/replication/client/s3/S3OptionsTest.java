package dev.sqliterest.replication.client.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.replication.client.ReplicaUrl;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class S3OptionsTest {

  private static S3Options of(String url) {
    return S3Options.fromUrl(ReplicaUrl.parse(url), Map.of());
  }

  @Test
  void plainBucket_awsDefaults() {
    S3Options o = of("s3://bkt/db");
    assertThat(o.bucket()).isEqualTo("bkt");
    assertThat(o.path()).isEqualTo("db");
    assertThat(o.key("0000/x.ltx")).isEqualTo("db/0000/x.ltx");
    assertThat(o.endpoint()).isNull();
    assertThat(o.region()).isNull();
    assertThat(o.forcePathStyle()).isFalse();
    assertThat(o.partSize()).isEqualTo(5L * 1024 * 1024);
    assertThat(o.accessKeyId()).isNull();
  }

  @Test
  void prefix_asLitestreamCleansIt() {
    assertThat(of("s3://bkt").path()).isEqualTo(".");
    assertThat(of("s3://bkt/").path()).isEmpty();
    assertThat(of("s3://bkt//a//b/").path()).isEqualTo("a/b");
  }

  @Test
  void endpoint_impliesPathStyleAndUsEast1_unlessOverridden() {
    S3Options o = of("s3://bkt/db?endpoint=localhost:9000");
    assertThat(o.endpoint()).isEqualTo(URI.create("http://localhost:9000"));
    assertThat(o.forcePathStyle()).isTrue();
    assertThat(o.region()).isEqualTo("us-east-1");
    S3Options p = of("s3://bkt/db?endpoint=storage.example.com&forcePathStyle=false&region=auto");
    assertThat(p.endpoint()).isEqualTo(URI.create("https://storage.example.com"));
    assertThat(p.forcePathStyle()).isFalse();
    assertThat(p.region()).isEqualTo("auto");
  }

  @Test
  void providerHosts() {
    assertThat(of("s3://bkt.s3.eu-west-2.amazonaws.com/db"))
        .satisfies(
            o -> {
              assertThat(o.bucket()).isEqualTo("bkt");
              assertThat(o.region()).isEqualTo("eu-west-2");
            });
    assertThat(of("s3://bkt.s3.amazonaws.com/db").bucket()).isEqualTo("bkt");
    assertThat(of("s3://bkt.nyc3.digitaloceanspaces.com/db").endpoint())
        .isEqualTo(URI.create("https://nyc3.digitaloceanspaces.com"));
    S3Options b2 = of("s3://bkt.s3.us-west-002.backblazeb2.com/db");
    assertThat(b2.endpoint()).isEqualTo(URI.create("https://s3.us-west-002.backblazeb2.com"));
    assertThat(b2.forcePathStyle()).isTrue();
    S3Options minio = of("s3://bkt.minio:9000/db");
    assertThat(minio.bucket()).isEqualTo("bkt");
    assertThat(minio.endpoint()).isEqualTo(URI.create("http://minio:9000"));
    assertThat(minio.forcePathStyle()).isTrue();
    S3Options arn = of("s3://arn:aws:s3:us-west-2:123456789012:accesspoint/ap/db");
    assertThat(arn.bucket()).isEqualTo("arn:aws:s3:us-west-2:123456789012:accesspoint/ap");
    assertThat(arn.path()).isEqualTo("db");
    assertThat(arn.region()).isEqualTo("us-west-2");
  }

  @Test
  void credentials_fromAwsOrLitestreamEnv() {
    ReplicaUrl u = ReplicaUrl.parse("s3://bkt/db");
    assertThat(
            S3Options.fromUrl(u, Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "s"))
                .accessKeyId())
        .isEqualTo("a");
    assertThat(
            S3Options.fromUrl(
                    u, Map.of("LITESTREAM_ACCESS_KEY_ID", "l", "LITESTREAM_SECRET_ACCESS_KEY", "s"))
                .accessKeyId())
        .isEqualTo("l");
    assertThat(S3Options.fromUrl(u, Map.of("AWS_ACCESS_KEY_ID", "a")).accessKeyId()).isNull();
  }

  @Test
  void otherParams_andValidation() {
    S3Options o =
        of(
            "s3://bkt/db?part-size=10485760&storageClass=STANDARD_IA&skip-verify=true&sseKmsKeyId=k");
    assertThat(o.partSize()).isEqualTo(10L * 1024 * 1024);
    assertThat(o.storageClass()).isEqualTo("STANDARD_IA");
    assertThat(o.skipVerify()).isTrue();
    assertThat(o.sseKmsKeyId()).isEqualTo("k");
    assertThatThrownBy(() -> of("s3://bkt/db?partSize=1000"))
        .hasMessageContaining("at least 5 MiB");
    assertThatThrownBy(() -> of("s3://bkt/db?forcePathStyle=maybe"))
        .hasMessageContaining("invalid boolean");
    assertThatThrownBy(() -> of("s3:///db")).hasMessageContaining("needs a bucket");
  }
}
