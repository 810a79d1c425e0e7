package dev.sqliterest.replication.client.file;

import dev.sqliterest.ltx.LtxFileName;
import dev.sqliterest.replication.client.DirectorySync;
import dev.sqliterest.replication.client.LegacyReplicaReader;
import dev.sqliterest.replication.client.Levels;
import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.LtxHeaderPeek;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A replica in a local directory, laid out as Litestream v0.5 does for {@code file://} URLs: {@code
 * <root>/ltx/<level decimal>/<min>-<max>.ltx} (docs/FORMAT.md, "Paths").
 *
 * <p>Writes go to {@code <name>.tmp}, are fsynced, renamed over the final name, the directory is
 * fsynced, and the mtime is set to the LTX header timestamp, which is the file's CreatedAt.
 */
public final class FileReplicaClient implements ReplicaClient {

  private final Path root;

  public FileReplicaClient(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  @Override
  public boolean uploadsAreFree() {
    return true;
  }

  @Override
  public String type() {
    return "file";
  }

  @Override
  public String url() {
    return "file://" + root;
  }

  /** The directory of one level: {@code <root>/ltx/<level>}. */
  public Path levelDir(int level) {
    return root.resolve("ltx").resolve(Integer.toString(Levels.requireLevel(level)));
  }

  /** The path of one LTX file. */
  public Path ltxPath(int level, long minTxid, long maxTxid) {
    return levelDir(level).resolve(new LtxFileName(minTxid, maxTxid).fileName());
  }

  @Override
  public List<LtxFileInfo> ltxFiles(int level, long seekTxid, boolean useMetadata)
      throws IOException {
    Path dir = levelDir(level);
    List<LtxFileInfo> files = new ArrayList<>();
    for (Path p : listDir(dir)) {
      Optional<LtxFileName> name = LtxFileName.parse(p.getFileName().toString());
      if (name.isEmpty() || Long.compareUnsigned(name.get().minTxid(), seekTxid) < 0) {
        continue;
      }
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(p, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        continue; // deleted between listing and stat (concurrent retention)
      }
      if (!attrs.isRegularFile()) {
        continue;
      }
      files.add(
          new LtxFileInfo(
              level,
              name.get().minTxid(),
              name.get().maxTxid(),
              attrs.size(),
              attrs.lastModifiedTime().toInstant()));
    }
    files.sort(LtxFileInfo.BY_TXID);
    return files;
  }

  @Override
  public InputStream openLtxFile(int level, long minTxid, long maxTxid, long offset, long size)
      throws IOException {
    return openRange(ltxPath(level, minTxid, maxTxid), offset, size);
  }

  @Override
  public LtxFileInfo writeLtxFile(int level, long minTxid, long maxTxid, InputStream data)
      throws IOException {
    Path target = ltxPath(level, minTxid, maxTxid);
    LtxHeaderPeek header = LtxHeaderPeek.read(data, minTxid, maxTxid);
    createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    long size;
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      OutputStream out = Channels.newOutputStream(ch);
      out.write(header.header());
      data.transferTo(out);
      size = ch.size();
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("write ltx file " + target + ": " + e.getMessage(), e);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    DirectorySync.fsync(target.getParent());
    FileTime time = FileTime.from(header.timestamp());
    Files.getFileAttributeView(target, BasicFileAttributeView.class).setTimes(time, time, null);
    return new LtxFileInfo(level, minTxid, maxTxid, size, header.timestamp());
  }

  @Override
  public void deleteLtxFiles(List<LtxFileInfo> files) throws IOException {
    for (LtxFileInfo f : files) {
      Files.deleteIfExists(ltxPath(f.level(), f.minTxid(), f.maxTxid()));
    }
  }

  @Override
  public void deleteAll() throws IOException {
    Path ltx = root.resolve("ltx");
    if (!Files.exists(ltx)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(ltx)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public LegacyReplicaReader legacy() {
    return new LegacyFileLayout(root);
  }

  @Override
  public void close() {}

  static List<Path> listDir(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (FileSystemException e) {
      throw new IOException("cannot list directory " + dir + ": " + reason(e, dir), e);
    }
  }

  private static void createDirectories(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (FileSystemException e) {
      throw new IOException("cannot create directory " + dir + ": " + reason(e, dir), e);
    }
  }

  /**
   * What went wrong, in the operating system's words: the JDK leaves the reason empty for the
   * common errors and names them only by exception type. Names the failing file when it is not
   * {@code subject}.
   */
  static String reason(FileSystemException e, Path subject) {
    String what =
        switch (e) {
          case NoSuchFileException x -> "no such file or directory";
          case AccessDeniedException x -> "permission denied";
          case NotDirectoryException x -> "not a directory";
          case FileAlreadyExistsException x -> "a file of that name exists";
          default -> e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
        };
    boolean sameFile = e.getFile() == null || Path.of(e.getFile()).equals(subject);
    return sameFile ? what : what + " (" + e.getFile() + ")";
  }

  static InputStream openRange(Path path, long offset, long size) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      ch.position(offset);
      InputStream in = Channels.newInputStream(ch);
      return size > 0 ? new BoundedInputStream(in, size) : in;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return url();
  }
}
