package dev.sqliterest.replication.client.file;

import dev.sqliterest.replication.client.LegacyNames;
import dev.sqliterest.replication.client.LegacyReplicaReader;
import dev.sqliterest.replication.client.LegacySnapshotInfo;
import dev.sqliterest.replication.client.LegacyWalSegmentInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the Litestream v0.3 layout under a file replica root (docs/FORMAT.md, "Legacy v0.3
 * layout"); CreatedAt = mtime.
 */
final class LegacyFileLayout implements LegacyReplicaReader {

  private final Path generations;

  LegacyFileLayout(Path root) {
    this.generations = root.resolve(LegacyNames.GENERATIONS);
  }

  @Override
  public List<String> generations() throws IOException {
    List<String> ids = new ArrayList<>();
    for (Path p : FileReplicaClient.listDir(generations)) {
      String name = p.getFileName().toString();
      if (LegacyNames.isGeneration(name) && Files.isDirectory(p)) {
        ids.add(name);
      }
    }
    ids.sort(Comparator.naturalOrder());
    return ids;
  }

  @Override
  public List<LegacySnapshotInfo> snapshots(String generation) throws IOException {
    List<LegacySnapshotInfo> out = new ArrayList<>();
    for (Path p : FileReplicaClient.listDir(genDir(generation).resolve("snapshots"))) {
      OptionalLong index = LegacyNames.parseSnapshot(p.getFileName().toString());
      Optional<BasicFileAttributes> a = attrs(p);
      if (index.isPresent() && a.isPresent()) {
        out.add(
            new LegacySnapshotInfo(
                generation,
                index.getAsLong(),
                a.get().size(),
                a.get().lastModifiedTime().toInstant()));
      }
    }
    out.sort(Comparator.comparingLong(LegacySnapshotInfo::index));
    return out;
  }

  @Override
  public List<LegacyWalSegmentInfo> walSegments(String generation) throws IOException {
    List<LegacyWalSegmentInfo> out = new ArrayList<>();
    for (Path p : FileReplicaClient.listDir(genDir(generation).resolve("wal"))) {
      Optional<long[]> pos = LegacyNames.parseWalSegment(p.getFileName().toString());
      Optional<BasicFileAttributes> a = attrs(p);
      if (pos.isPresent() && a.isPresent()) {
        out.add(
            new LegacyWalSegmentInfo(
                generation,
                pos.get()[0],
                pos.get()[1],
                a.get().size(),
                a.get().lastModifiedTime().toInstant()));
      }
    }
    out.sort(LegacyWalSegmentInfo.ORDER);
    return out;
  }

  @Override
  public InputStream openSnapshot(LegacySnapshotInfo snapshot) throws IOException {
    return FileReplicaClient.openRange(path(snapshot), 0, 0);
  }

  @Override
  public InputStream openWalSegment(LegacyWalSegmentInfo segment) throws IOException {
    return FileReplicaClient.openRange(path(segment), 0, 0);
  }

  Path path(LegacySnapshotInfo s) {
    return genDir(s.generation()).resolve("snapshots").resolve(s.fileName());
  }

  Path path(LegacyWalSegmentInfo s) {
    return genDir(s.generation()).resolve("wal").resolve(s.fileName());
  }

  private Path genDir(String generation) {
    if (!LegacyNames.isGeneration(generation)) {
      throw new IllegalArgumentException("invalid v0.3 generation id \"" + generation + "\"");
    }
    return generations.resolve(generation);
  }

  private static Optional<BasicFileAttributes> attrs(Path p) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return a.isRegularFile() ? Optional.of(a) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
