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

  private boolean customer() {
    return customerKey != null;
  }

  GetObjectRequest.Builder applyTo(GetObjectRequest.Builder b) {
    return customer()
        ? b.sseCustomerAlgorithm(customerAlgorithm)
            .sseCustomerKey(customerKey)
            .sseCustomerKeyMD5(customerKeyMd5)
        : b;
  }

  HeadObjectRequest.Builder applyTo(HeadObjectRequest.Builder b) {
    return customer()
        ? b.sseCustomerAlgorithm(customerAlgorithm)
            .sseCustomerKey(customerKey)
            .sseCustomerKeyMD5(customerKeyMd5)
        : b;
  }

  UploadPartRequest.Builder applyTo(UploadPartRequest.Builder b) {
    return customer()
        ? b.sseCustomerAlgorithm(customerAlgorithm)
            .sseCustomerKey(customerKey)
            .sseCustomerKeyMD5(customerKeyMd5)
        : b;
  }

  PutObjectRequest.Builder applyTo(PutObjectRequest.Builder b) {
    if (customer()) {
      b.sseCustomerAlgorithm(customerAlgorithm)
          .sseCustomerKey(customerKey)
          .sseCustomerKeyMD5(customerKeyMd5);
    } else if (kmsKeyId != null) {
      b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
    }
    return b;
  }

  CreateMultipartUploadRequest.Builder applyTo(CreateMultipartUploadRequest.Builder b) {
    if (customer()) {
      b.sseCustomerAlgorithm(customerAlgorithm)
          .sseCustomerKey(customerKey)
          .sseCustomerKeyMD5(customerKeyMd5);
    } else if (kmsKeyId != null) {
      b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
    }
    return b;
  }
}
