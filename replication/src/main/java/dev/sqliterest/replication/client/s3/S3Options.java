package dev.sqliterest.replication.client.s3;

import dev.sqliterest.replication.client.ReplicaUrl;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Validated settings of one S3 replica, derived from an {@code s3://} URL and the environment as
 * Litestream does (docs/FORMAT.md, "Replica URLs and S3").
 *
 * @param bucket bucket name (or access point ARN)
 * @param path key prefix exactly as Litestream derives it; keys are {@code path + "/" + …}
 * @param region region, or null to look it up with GetBucketLocation
 * @param endpoint custom endpoint for S3-compatible stores, or null for AWS
 * @param forcePathStyle path-style addressing (default on when an endpoint is set)
 * @param skipVerify accept any TLS certificate (self-signed test stores)
 * @param accessKeyId static credentials, or null for the AWS default chain
 * @param secretAccessKey static credentials, or null for the AWS default chain
 * @param partSize uploads of at least this many bytes use multipart upload (≥ 5 MiB)
 * @param storageClass storage class for uploads, or null
 * @param sseKmsKeyId SSE-KMS key id for uploads, or null
 * @param sseCustomerAlgorithm SSE-C algorithm (AES256), or null
 * @param sseCustomerKey SSE-C key (base64), or null
 * @param sseCustomerKeyMd5 SSE-C key MD5 (base64), or null to let the SDK compute it
 */
public record S3Options(
    String bucket,
    String path,
    String region,
    URI endpoint,
    boolean forcePathStyle,
    boolean skipVerify,
    String accessKeyId,
    String secretAccessKey,
    long partSize,
    String storageClass,
    String sseKmsKeyId,
    String sseCustomerAlgorithm,
    String sseCustomerKey,
    String sseCustomerKeyMd5) {

  /** Litestream's default multipart part size and the S3 minimum. */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  public S3Options {
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException("s3 replica url needs a bucket: s3://BUCKET/PATH");
    }
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException(
          "s3 part-size must be at least 5 MiB (" + MIN_PART_SIZE + " bytes), got " + partSize);
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "s3 credentials need both an access key id and a secret access key");
    }
  }

  /** The object key of one file below the prefix: {@code path + "/" + rest}. */
  public String key(String rest) {
    return path + "/" + rest;
  }

  /** Reads the options from an {@code s3://} URL and the process environment. */
  public static S3Options fromUrl(ReplicaUrl url) {
    return fromUrl(url, System.getenv());
  }

  /** Reads the options from an {@code s3://} URL and the given environment. */
  public static S3Options fromUrl(ReplicaUrl url, Map<String, String> env) {
    if (!url.scheme().equals("s3")) {
      throw new IllegalArgumentException("not an s3 url: " + url);
    }
    S3Host host = S3Host.parse(url.host(), url.path());
    String region = url.param("region").orElse(host.region());
    URI endpoint =
        url.param("endpoint")
            .or(() -> Optional.ofNullable(env.get("LITESTREAM_S3_ENDPOINT")))
            .filter(s -> !s.isEmpty())
            .map(S3Options::endpointUri)
            .orElse(host.endpoint());
    Optional<Boolean> pathStyle =
        url.param("forcePathStyle", "force-path-style").map(S3Options::parseBool);
    boolean forcePathStyle = pathStyle.orElse(endpoint != null || host.pathStyle());
    if (region == null && endpoint != null) {
      region = "us-east-1";
    }
    String keyId = envOr(env, "AWS_ACCESS_KEY_ID", "LITESTREAM_ACCESS_KEY_ID");
    String secret = envOr(env, "AWS_SECRET_ACCESS_KEY", "LITESTREAM_SECRET_ACCESS_KEY");
    if (keyId == null || secret == null) {
      keyId = null; // fall back to the SDK's default chain (profiles, web identity, IMDS …)
      secret = null;
    }
    return new S3Options(
        host.bucket(),
        keyPrefix(host.path()),
        region,
        endpoint,
        forcePathStyle,
        url.param("skipVerify", "skip-verify").map(S3Options::parseBool).orElse(false),
        keyId,
        secret,
        url.param("partSize", "part-size").map(S3Options::parseSize).orElse(MIN_PART_SIZE),
        url.param("storageClass", "storage-class").orElse(null),
        url.param("sse-kms-key-id", "sseKmsKeyId").orElse(null),
        url.param("sse-customer-algorithm", "sseCustomerAlgorithm").orElse(null),
        url.param("sse-customer-key", "sseCustomerKey").orElse(null),
        url.param("sse-customer-key-md5", "sseCustomerKeyMd5").orElse(null));
  }

  private static String envOr(Map<String, String> env, String primary, String fallback) {
    String v = env.get(primary);
    if (v == null || v.isEmpty()) {
      v = env.get(fallback);
    }
    return v == null || v.isEmpty() ? null : v;
  }

  /**
   * Litestream's prefix: Go {@code path.Clean} of the URL path with the leading slash removed, so
   * {@code s3://b/db} → {@code db}, {@code s3://b} → {@code .} and {@code s3://b/} → empty.
   */
  static String keyPrefix(String urlPath) {
    if (urlPath.isEmpty()) {
      return ".";
    }
    String cleaned = java.nio.file.Path.of(urlPath.replaceAll("/+", "/")).normalize().toString();
    return cleaned.startsWith("/") ? cleaned.substring(1) : cleaned;
  }

  /**
   * Adds {@code http://} for local/private hosts and {@code https://} otherwise, as Litestream
   * does.
   */
  static URI endpointUri(String value) {
    if (value.contains("://")) {
      return URI.create(value);
    }
    String host = value.replaceFirst(":.*$", "");
    boolean local =
        host.equals("localhost")
            || host.startsWith("127.")
            || host.startsWith("10.")
            || host.startsWith("192.168.")
            || host.matches("172\\.(1[6-9]|2[0-9]|3[01])\\..*")
            || host.endsWith(".local");
    return URI.create((local ? "http://" : "https://") + value);
  }

  private static boolean parseBool(String v) {
    return switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes", "" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException("invalid boolean \"" + v + "\" in s3 url");
    };
  }

  private static long parseSize(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid s3 part-size \"" + v + "\" (bytes)", e);
    }
  }
}
