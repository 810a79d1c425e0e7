package dev.sqliterest.replication.client.s3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Server-side encryption headers of one replica: SSE-C (sent on every read and write) or SSE-KMS
 * (sent on writes), or none.
 */
record S3Encryption(
    String customerAlgorithm, String customerKey, String customerKeyMd5, String kmsKeyId) {

  static S3Encryption of(S3Options o) {
    String md5 = o.sseCustomerKeyMd5();
    if (o.sseCustomerKey() != null && md5 == null) {
      md5 = keyMd5(o.sseCustomerKey());
    }
    String algorithm = o.sseCustomerAlgorithm();
    if (o.sseCustomerKey() != null && algorithm == null) {
      algorithm = "AES256";
    }
    return new S3Encryption(algorithm, o.sseCustomerKey(), md5, o.sseKmsKeyId());
  }

  private static String keyMd5(String base64Key) {
    try {
      byte[] key = Base64.getDecoder().decode(base64Key);
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("s3 sse-customer-key is not valid base64", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 unavailable", e);
    }
  }

  GetObjectRequest.Builder applyTo(GetObjectRequest.Builder b) {
    return apply(
        b, (x, a, k, m) -> x.sseCustomerAlgorithm(a).sseCustomerKey(k).sseCustomerKeyMD5(m), null);
  }

  HeadObjectRequest.Builder applyTo(HeadObjectRequest.Builder b) {
    return apply(
        b, (x, a, k, m) -> x.sseCustomerAlgorithm(a).sseCustomerKey(k).sseCustomerKeyMD5(m), null);
  }

  UploadPartRequest.Builder applyTo(UploadPartRequest.Builder b) {
    return apply(
        b, (x, a, k, m) -> x.sseCustomerAlgorithm(a).sseCustomerKey(k).sseCustomerKeyMD5(m), null);
  }

  PutObjectRequest.Builder applyTo(PutObjectRequest.Builder b) {
    return apply(
        b,
        (x, a, k, m) -> x.sseCustomerAlgorithm(a).sseCustomerKey(k).sseCustomerKeyMD5(m),
        (x, id) -> x.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(id));
  }

  CreateMultipartUploadRequest.Builder applyTo(CreateMultipartUploadRequest.Builder b) {
    return apply(
        b,
        (x, a, k, m) -> x.sseCustomerAlgorithm(a).sseCustomerKey(k).sseCustomerKeyMD5(m),
        (x, id) -> x.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(id));
  }

  /** Sets a builder's SSE-C headers (algorithm, key, key MD5): the SDK's builders share no type. */
  @FunctionalInterface
  private interface CustomerKey<B> {
    B set(B builder, String algorithm, String key, String keyMd5);
  }

  /** Sets a builder's SSE-KMS headers. */
  @FunctionalInterface
  private interface KmsKey<B> {
    B set(B builder, String keyId);
  }

  /** SSE-C when a customer key is set, else SSE-KMS where {@code kms} applies, else nothing. */
  private <B> B apply(B builder, CustomerKey<B> customer, KmsKey<B> kms) {
    if (customerKey != null) {
      return customer.set(builder, customerAlgorithm, customerKey, customerKeyMd5);
    }
    return kms != null && kmsKeyId != null ? kms.set(builder, kmsKeyId) : builder;
  }
}
