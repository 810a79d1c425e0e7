package dev.sqliterest.replication.client.s3;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketLocationResponse;
import software.amazon.awssdk.utils.AttributeMap;

/** Builds the AWS SDK v2 {@link S3Client} for one replica's {@link S3Options}. */
final class S3ClientBuilder {

  private S3ClientBuilder() {}

  static S3Client build(S3Options options) {
    SdkHttpClient http = httpClient(options);
    AwsCredentialsProvider credentials = credentials(options);
    String region = options.region();
    if (region == null) {
      region = System.getenv().getOrDefault("AWS_REGION", System.getenv("AWS_DEFAULT_REGION"));
    }
    if (region == null || region.isEmpty()) {
      region = bucketRegion(options, http, credentials);
    }
    var builder =
        S3Client.builder()
            .httpClient(http)
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .forcePathStyle(options.forcePathStyle())
            // SDK >= 2.30 otherwise sends aws-chunked CRC trailers that S3-compatibles reject
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(
                c ->
                    c.putAdvancedOption(
                        SdkAdvancedClientOption.USER_AGENT_SUFFIX,
                        "sqlite-rest (litestream-compatible)"));
    if (options.endpoint() != null) {
      builder.endpointOverride(options.endpoint());
    }
    return builder.build();
  }

  private static SdkHttpClient httpClient(S3Options options) {
    Apache5HttpClient.Builder http = Apache5HttpClient.builder().maxConnections(64);
    AttributeMap.Builder defaults = AttributeMap.builder();
    if (options.skipVerify()) {
      defaults.put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true);
    } else if (options.endpoint() != null && options.endpoint().getScheme().equals("http")) {
      // the SDK builds its TLS context, trust store included, with the client: about 0.1 s of a
      // restore's start for an endpoint that never needs it (unless an HTTPS proxy does)
      http.tlsSocketStrategy(new DeferredTls());
    }
    return http.buildWithDefaults(defaults.build());
  }

  /** The JDK's default TLS (its trust store, javax.net.ssl properties), set up at first use. */
  private static final class DeferredTls implements TlsSocketStrategy {

    private static final class SystemDefault {
      static final TlsSocketStrategy TLS = DefaultClientTlsStrategy.createSystemDefault();
    }

    @Override
    public SSLSocket upgrade(
        Socket socket, String target, int port, Object attachment, HttpContext context)
        throws IOException {
      return SystemDefault.TLS.upgrade(socket, target, port, attachment, context);
    }
  }

  private static AwsCredentialsProvider credentials(S3Options options) {
    if (options.accessKeyId() != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(options.accessKeyId(), options.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** No region and no endpoint: ask AWS where the bucket lives (empty constraint = us-east-1). */
  private static String bucketRegion(
      S3Options options, SdkHttpClient http, AwsCredentialsProvider credentials) {
    try (S3Client probe =
        S3Client.builder()
            .httpClient(new NonClosingHttpClient(http))
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .build()) {
      GetBucketLocationResponse r = probe.getBucketLocation(b -> b.bucket(options.bucket()));
      String constraint = r.locationConstraintAsString();
      return constraint == null || constraint.isEmpty() ? "us-east-1" : constraint;
    }
  }

  /** Lets the region probe share the HTTP client without closing it. */
  private record NonClosingHttpClient(SdkHttpClient delegate) implements SdkHttpClient {
    @Override
    public software.amazon.awssdk.http.ExecutableHttpRequest prepareRequest(
        software.amazon.awssdk.http.HttpExecuteRequest request) {
      return delegate.prepareRequest(request);
    }

    @Override
    public void close() {}
  }
}
