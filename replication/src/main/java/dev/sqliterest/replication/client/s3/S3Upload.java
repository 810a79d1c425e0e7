package dev.sqliterest.replication.client.s3;

import dev.sqliterest.replication.client.LtxHeaderPeek;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads one object the way Litestream does: a single PutObject below the part size, otherwise a
 * multipart upload (aborted on failure), both with {@code litestream-timestamp} metadata. Holds at
 * most one part in memory.
 */
final class S3Upload {

  private final S3Client s3;
  private final S3Options options;
  private final S3Encryption encryption;

  S3Upload(S3Client s3, S3Options options, S3Encryption encryption) {
    this.s3 = s3;
    this.options = options;
    this.encryption = encryption;
  }

  /** Uploads the header bytes followed by the rest of {@code data}; returns the object size. */
  long put(String key, LtxHeaderPeek header, InputStream data) throws IOException {
    int partSize = (int) Math.min(Integer.MAX_VALUE - 16, options.partSize());
    byte[] first = new byte[partSize];
    System.arraycopy(header.header(), 0, first, 0, header.header().length);
    int n =
        header.header().length
            + data.readNBytes(first, header.header().length, partSize - header.header().length);
    Map<String, String> metadata =
        Map.of(
            S3ReplicaClient.TIMESTAMP_METADATA,
            LtxHeaderPeek.formatRfc3339Nano(header.timestamp()));
    if (n < partSize) {
      s3.putObject(
          b -> {
            encryption.applyTo(
                b.bucket(options.bucket()).key(key).metadata(metadata).contentLength((long) n));
            if (options.storageClass() != null) {
              b.storageClass(options.storageClass());
            }
          },
          RequestBody.fromBytes(java.util.Arrays.copyOf(first, n)));
      return n;
    }
    return multipart(key, metadata, first, data);
  }

  private long multipart(String key, Map<String, String> metadata, byte[] buffer, InputStream data)
      throws IOException {
    String uploadId =
        s3.createMultipartUpload(
                b -> {
                  encryption.applyTo(b.bucket(options.bucket()).key(key).metadata(metadata));
                  if (options.storageClass() != null) {
                    b.storageClass(options.storageClass());
                  }
                })
            .uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    long total = 0;
    try {
      int n = buffer.length;
      for (int partNumber = 1; n > 0; partNumber++) {
        final int number = partNumber;
        final int len = n;
        UploadPartResponse r =
            s3.uploadPart(
                b ->
                    encryption.applyTo(
                        b.bucket(options.bucket())
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(number)
                            .contentLength((long) len)),
                RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, len)));
        parts.add(CompletedPart.builder().partNumber(number).eTag(r.eTag()).build());
        total += len;
        n = data.readNBytes(buffer, 0, buffer.length);
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(options.bucket())
                  .key(key)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
      return total;
    } catch (IOException | SdkException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(options.bucket()).key(key).uploadId(uploadId));
      } catch (SdkException abort) {
        e.addSuppressed(abort);
      }
      throw e;
    }
  }
}
