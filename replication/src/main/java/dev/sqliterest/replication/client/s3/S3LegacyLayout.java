package dev.sqliterest.replication.client.s3;

import dev.sqliterest.replication.client.LegacyNames;
import dev.sqliterest.replication.client.LegacyReplicaReader;
import dev.sqliterest.replication.client.LegacySnapshotInfo;
import dev.sqliterest.replication.client.LegacyWalSegmentInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads the Litestream v0.3 layout under an S3 prefix (docs/FORMAT.md, "Legacy v0.3 layout");
 * CreatedAt = LastModified.
 */
final class S3LegacyLayout implements LegacyReplicaReader {

  /** Opens an object by key, failing as {@link S3ReplicaClient} does. */
  interface Getter {
    InputStream get(String key) throws IOException;
  }

  private final S3Client s3;
  private final S3Options options;
  private final Getter getter;

  S3LegacyLayout(S3Client s3, S3Options options, Getter getter) {
    this.s3 = s3;
    this.options = options;
    this.getter = getter;
  }

  private String generationsPrefix() {
    return options.key(LegacyNames.GENERATIONS + "/");
  }

  @Override
  public List<String> generations() throws IOException {
    String prefix = generationsPrefix();
    List<String> ids = new ArrayList<>();
    try {
      for (CommonPrefix cp :
          s3.listObjectsV2Paginator(b -> b.bucket(options.bucket()).prefix(prefix).delimiter("/"))
              .commonPrefixes()) {
        String name = cp.prefix().substring(prefix.length()).replaceAll("/$", "");
        if (LegacyNames.isGeneration(name)) {
          ids.add(name);
        }
      }
    } catch (SdkException e) {
      throw new IOException(
          "s3 list " + prefix + " in bucket " + options.bucket() + ": " + e.getMessage(), e);
    }
    ids.sort(Comparator.naturalOrder());
    return ids;
  }

  @Override
  public List<LegacySnapshotInfo> snapshots(String generation) throws IOException {
    List<LegacySnapshotInfo> out = new ArrayList<>();
    for (S3Object o : list(dir(generation, "snapshots"))) {
      OptionalLong index = LegacyNames.parseSnapshot(base(o));
      if (index.isPresent()) {
        out.add(new LegacySnapshotInfo(generation, index.getAsLong(), o.size(), o.lastModified()));
      }
    }
    out.sort(Comparator.comparingLong(LegacySnapshotInfo::index));
    return out;
  }

  @Override
  public List<LegacyWalSegmentInfo> walSegments(String generation) throws IOException {
    List<LegacyWalSegmentInfo> out = new ArrayList<>();
    for (S3Object o : list(dir(generation, "wal"))) {
      Optional<long[]> pos = LegacyNames.parseWalSegment(base(o));
      if (pos.isPresent()) {
        out.add(
            new LegacyWalSegmentInfo(
                generation, pos.get()[0], pos.get()[1], o.size(), o.lastModified()));
      }
    }
    out.sort(LegacyWalSegmentInfo.ORDER);
    return out;
  }

  @Override
  public InputStream openSnapshot(LegacySnapshotInfo snapshot) throws IOException {
    return getter.get(key(snapshot));
  }

  @Override
  public InputStream openWalSegment(LegacyWalSegmentInfo segment) throws IOException {
    return getter.get(key(segment));
  }

  private String key(LegacySnapshotInfo s) {
    return dir(s.generation(), "snapshots") + s.fileName();
  }

  private String key(LegacyWalSegmentInfo s) {
    return dir(s.generation(), "wal") + s.fileName();
  }

  private String dir(String generation, String kind) {
    if (!LegacyNames.isGeneration(generation)) {
      throw new IllegalArgumentException("invalid v0.3 generation id \"" + generation + "\"");
    }
    return generationsPrefix() + generation + "/" + kind + "/";
  }

  private List<S3Object> list(String prefix) throws IOException {
    List<S3Object> out = new ArrayList<>();
    try {
      for (S3Object o :
          s3.listObjectsV2Paginator(b -> b.bucket(options.bucket()).prefix(prefix)).contents()) {
        if (o.key().indexOf('/', prefix.length()) < 0) {
          out.add(o);
        }
      }
    } catch (SdkException e) {
      throw new IOException(
          "s3 list " + prefix + " in bucket " + options.bucket() + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static String base(S3Object o) {
    return o.key().substring(o.key().lastIndexOf('/') + 1);
  }
}
