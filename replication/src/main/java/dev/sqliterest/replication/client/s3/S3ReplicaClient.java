package dev.sqliterest.replication.client.s3;

import dev.sqliterest.ltx.LtxFileName;
import dev.sqliterest.replication.client.LegacyReplicaReader;
import dev.sqliterest.replication.client.Levels;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.LtxHeaderPeek;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A replica in an S3 bucket (AWS or S3-compatible), with Litestream v0.5's keys {@code
 * <prefix>/<%04x level>/<min>-<max>.ltx} and calls (docs/FORMAT.md, "Paths"): paginated
 * ListObjectsV2 per level (or of all levels at once), GetObject always with a Range, PutObject
 * (multipart from the part size on) carrying {@code litestream-timestamp} metadata, DeleteObjects
 * in batches of at most 1000 keys.
 */
public final class S3ReplicaClient implements ReplicaClient {

  /** S3's DeleteObjects limit. */
  static final int MAX_DELETE_KEYS = 1000;

  /** Litestream's limit on concurrent HeadObject calls for metadata listings. */
  static final int METADATA_CONCURRENCY = 50;

  static final String TIMESTAMP_METADATA = "litestream-timestamp";

  private final S3Options options;
  private final S3Client s3;
  private final S3Upload upload;
  private final S3Encryption encryption;

  public S3ReplicaClient(S3Options options) {
    this(options, S3ClientBuilder.build(options));
  }

  S3ReplicaClient(S3Options options, S3Client s3) {
    this.options = options;
    this.s3 = s3;
    this.encryption = S3Encryption.of(options);
    this.upload = new S3Upload(s3, options, encryption);
  }

  public S3Options options() {
    return options;
  }

  @Override
  public String type() {
    return "s3";
  }

  @Override
  public String url() {
    return "s3://" + options.bucket() + "/" + options.path();
  }

  /** The key prefix of one level, {@code <path>/<%04x>/}. */
  String levelPrefix(int level) {
    return options.key(String.format("%04x", Levels.requireLevel(level)) + "/");
  }

  String ltxKey(int level, long minTxid, long maxTxid) {
    return levelPrefix(level) + new LtxFileName(minTxid, maxTxid).fileName();
  }

  @Override
  public List<LtxFileInfo> ltxFiles(int level, long seekTxid, boolean useMetadata)
      throws IOException {
    String prefix = levelPrefix(level);
    List<LtxFileInfo> files = new ArrayList<>();
    try {
      for (S3Object o :
          s3.listObjectsV2Paginator(b -> b.bucket(options.bucket()).prefix(prefix)).contents()) {
        fileInfo(level, o.key().substring(prefix.length()), o)
            .filter(f -> Long.compareUnsigned(f.minTxid(), seekTxid) >= 0)
            .ifPresent(files::add);
      }
    } catch (SdkException e) {
      throw failure("list " + prefix, e);
    }
    // S3 lists lexicographically, which is TXID order; sort anyway for stores that do not
    files.sort(LtxFileInfo.BY_TXID);
    return useMetadata ? withMetadataTimestamps(files) : files;
  }

  /**
   * One listing of the whole prefix instead of one per level, each a round trip (ten of them took
   * about a third of the time of restoring a small database). S3 lists keys in order, so the lower
   * levels' pages come first, as when listing level by level; the listing stops after the last
   * level, before the keys of other layouts ({@code generations/}).
   */
  @Override
  public Map<Integer, List<LtxFileInfo>> ltxFilesOfAllLevels(boolean useMetadata)
      throws IOException {
    String prefix = options.key("");
    String pastLastLevel = prefix + String.format("%04x/", Levels.MAX + 1);
    Map<Integer, List<LtxFileInfo>> levels = new TreeMap<>();
    for (int level = 0; level <= Levels.MAX; level++) {
      levels.put(level, new ArrayList<>());
    }
    try {
      for (S3Object o :
          s3.listObjectsV2Paginator(b -> b.bucket(options.bucket()).prefix(prefix)).contents()) {
        if (o.key().compareTo(pastLastLevel) >= 0) {
          break;
        }
        String rest = o.key().substring(prefix.length()); // "0009/<min>-<max>.ltx"
        int level = levelOf(rest);
        if (level >= 0) {
          fileInfo(level, rest.substring(5), o).ifPresent(levels.get(level)::add);
        }
      }
    } catch (SdkException e) {
      throw failure("list " + prefix, e);
    }
    for (var level : levels.entrySet()) {
      level.getValue().sort(LtxFileInfo.BY_TXID);
      if (useMetadata) {
        level.setValue(withMetadataTimestamps(level.getValue()));
      }
    }
    return levels;
  }

  /** The level of a key below the prefix, {@code "%04x/..."}, or -1 when it is not in one. */
  private static int levelOf(String rest) {
    for (int level = 0; level <= Levels.MAX; level++) {
      if (rest.startsWith(String.format("%04x/", level))) {
        return level;
      }
    }
    return -1;
  }

  /** The listing entry of {@code name} (a key below its level's prefix), if it is an LTX file. */
  private static Optional<LtxFileInfo> fileInfo(int level, String name, S3Object o) {
    if (name.indexOf('/') >= 0) {
      return Optional.empty(); // deeper "sub-directory": not part of this level
    }
    return LtxFileName.parse(name)
        .map(n -> new LtxFileInfo(level, n.minTxid(), n.maxTxid(), o.size(), o.lastModified()));
  }

  private List<LtxFileInfo> withMetadataTimestamps(List<LtxFileInfo> files) throws IOException {
    Semaphore permits = new Semaphore(METADATA_CONCURRENCY);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<LtxFileInfo>> futures = new ArrayList<>();
      for (LtxFileInfo f : files) {
        futures.add(
            pool.submit(
                () -> {
                  permits.acquire();
                  try {
                    return f.withCreatedAt(metadataTimestamp(f).orElse(f.createdAt()));
                  } finally {
                    permits.release();
                  }
                }));
      }
      List<LtxFileInfo> out = new ArrayList<>(files.size());
      for (Future<LtxFileInfo> fu : futures) {
        out.add(fu.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading ltx timestamps from " + url(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(
          "read ltx timestamps from " + url() + ": " + e.getCause(), e.getCause());
    }
  }

  private Optional<Instant> metadataTimestamp(LtxFileInfo f) throws IOException {
    String key = ltxKey(f.level(), f.minTxid(), f.maxTxid());
    try {
      HeadObjectResponse r =
          s3.headObject(b -> encryption.applyTo(b.bucket(options.bucket()).key(key)));
      String v = r.metadata().get(TIMESTAMP_METADATA);
      return v == null ? Optional.empty() : Optional.of(LtxHeaderPeek.parseRfc3339(v));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("head " + key, e);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // unparsable metadata: fall back to LastModified, as Litestream does
    }
  }

  @Override
  public InputStream openLtxFile(int level, long minTxid, long maxTxid, long offset, long size)
      throws IOException {
    String key = ltxKey(level, minTxid, maxTxid);
    long last = size > 0 ? offset + size - 1 : -1;
    return new ResumingInputStream(
        from -> {
          String range = "bytes=" + from + "-" + (last >= 0 ? Long.toString(last) : "");
          var in = get(key, b -> b.range(range));
          return new ResumingInputStream.Opened(in, in.response().contentLength());
        },
        offset);
  }

  @Override
  public LtxFileInfo writeLtxFile(int level, long minTxid, long maxTxid, InputStream data)
      throws IOException {
    String key = ltxKey(level, minTxid, maxTxid);
    LtxHeaderPeek header = LtxHeaderPeek.read(data, minTxid, maxTxid);
    try {
      long size = upload.put(key, header, data);
      return new LtxFileInfo(level, minTxid, maxTxid, size, header.timestamp());
    } catch (SdkException e) {
      throw failure("write " + key, e);
    }
  }

  @Override
  public void deleteLtxFiles(List<LtxFileInfo> files) throws IOException {
    List<String> keys = new ArrayList<>(files.size());
    for (LtxFileInfo f : files) {
      keys.add(ltxKey(f.level(), f.minTxid(), f.maxTxid()));
    }
    deleteKeys(keys);
  }

  @Override
  public void deleteAll() throws IOException {
    List<String> keys = new ArrayList<>();
    for (int level = 0; level <= Levels.MAX; level++) {
      String prefix = levelPrefix(level);
      try {
        for (S3Object o :
            s3.listObjectsV2Paginator(b -> b.bucket(options.bucket()).prefix(prefix)).contents()) {
          keys.add(o.key());
        }
      } catch (SdkException e) {
        throw failure("list " + prefix, e);
      }
    }
    deleteKeys(keys);
  }

  private void deleteKeys(List<String> keys) throws IOException {
    for (int from = 0; from < keys.size(); from += MAX_DELETE_KEYS) {
      List<ObjectIdentifier> batch = new ArrayList<>();
      for (String k : keys.subList(from, Math.min(keys.size(), from + MAX_DELETE_KEYS))) {
        batch.add(ObjectIdentifier.builder().key(k).build());
      }
      try {
        DeleteObjectsResponse r =
            s3.deleteObjects(
                b ->
                    b.bucket(options.bucket())
                        .delete(Delete.builder().objects(batch).quiet(true).build()));
        for (S3Error err : r.errors()) {
          if (!"NoSuchKey".equals(err.code())) {
            throw new IOException(
                "delete " + err.key() + " from " + url() + ": " + err.code() + " " + err.message());
          }
        }
      } catch (SdkException e) {
        throw failure("delete " + batch.size() + " objects", e);
      }
    }
  }

  @Override
  public LegacyReplicaReader legacy() {
    return new S3LegacyLayout(s3, options, key -> get(key, b -> {}));
  }

  private software.amazon.awssdk.core.ResponseInputStream<
          software.amazon.awssdk.services.s3.model.GetObjectResponse>
      get(String key, java.util.function.Consumer<GetObjectRequest.Builder> extra)
          throws IOException {
    try {
      return s3.getObject(
          b -> {
            encryption.applyTo(b.bucket(options.bucket()).key(key));
            extra.accept(b);
          });
    } catch (NoSuchKeyException e) {
      NoSuchFileException nf = new NoSuchFileException(url() + " " + key);
      nf.initCause(e);
      throw nf;
    } catch (SdkException e) {
      throw failure("get " + key, e);
    }
  }

  IOException failure(String what, SdkException e) {
    return new IOException("s3 " + what + " in bucket " + options.bucket() + ": " + cause(e), e);
  }

  /** The failure in operator's words first (what to check), the service's own words after. */
  private String cause(SdkException e) {
    if (e instanceof S3Exception s3e && s3e.awsErrorDetails() != null) {
      String code = s3e.awsErrorDetails().errorCode();
      String raw = s3e.statusCode() + " " + code + ": " + s3e.awsErrorDetails().errorMessage();
      if ("NoSuchBucket".equals(code)) {
        return "bucket " + options.bucket() + " does not exist (" + raw + ")";
      }
      if (s3e.statusCode() == 403) {
        return "access denied: check the credentials and the IAM policy (" + raw + ")";
      }
      return raw;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "connection refused: nothing is listening at the endpoint (" + e.getMessage() + ")";
      }
      if (t instanceof java.net.UnknownHostException) {
        return "unknown host " + t.getMessage() + " (" + e.getMessage() + ")";
      }
    }
    return e.getMessage();
  }

  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return url();
  }
}
