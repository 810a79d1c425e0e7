package dev.sqliterest.replication;

import dev.sqliterest.ltx.LtxFileName;
import dev.sqliterest.replication.client.DirectorySync;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local meta directory ({@code .<db>-litestream/}): L0 files staged in {@code ltx/0/} until the
 * replica has them, and scratch files for snapshots and compactions. As in Litestream there is no
 * position file: the newest {@code ltx/0} file is the local position.
 */
final class MetaDir {

  /** Writes the body of a file. */
  @FunctionalInterface
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private final Path root;
  private final Path level0;

  MetaDir(Path root) {
    this.root = root;
    this.level0 = root.resolve("ltx").resolve("0");
  }

  /** Creates the directories and removes {@code *.tmp} leftovers of an interrupted write. */
  void open() throws IOException {
    Files.createDirectories(level0);
    for (Path dir : List.of(root, level0)) {
      try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, "*.tmp")) {
        for (Path p : tmp) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  Path root() {
    return root;
  }

  Path l0Path(long txid) {
    return level0.resolve(new LtxFileName(txid, txid).fileName());
  }

  /** TXIDs of the local L0 files, ascending. */
  List<Long> l0Txids() throws IOException {
    List<Long> txids = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(level0, "*.ltx")) {
      for (Path p : files) {
        LtxFileName.parse(p.getFileName().toString())
            .filter(n -> n.minTxid() == n.maxTxid())
            .ifPresent(n -> txids.add(n.maxTxid()));
      }
    }
    txids.sort(Long::compareUnsigned);
    return txids;
  }

  Optional<Long> newestL0() throws IOException {
    List<Long> txids = l0Txids();
    return txids.isEmpty() ? Optional.empty() : Optional.of(txids.get(txids.size() - 1));
  }

  /** Writes L0 file {@code txid} atomically (tmp, fsync, rename, fsync dir); returns its size. */
  long writeL0(long txid, Body body) throws IOException {
    return writeAtomically(l0Path(txid), body);
  }

  void deleteL0(long txid) throws IOException {
    Files.deleteIfExists(l0Path(txid));
  }

  /** A scratch file in the meta directory for staging a snapshot or compaction output. */
  Path scratch(String name) {
    return root.resolve(name + ".tmp");
  }

  static long writeAtomically(Path target, Body body) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      try (FileChannel ch =
              FileChannel.open(
                  tmp,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.TRUNCATE_EXISTING);
          OutputStream out =
              new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
        body.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      DirectorySync.fsync(target.getParent());
      return Files.size(target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
