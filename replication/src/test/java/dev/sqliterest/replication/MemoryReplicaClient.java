package dev.sqliterest.replication;

import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.replication.client.ReplicaClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory replica for engine tests: LTX files by level and name, CreatedAt from the header
 * timestamp (as the file backend), and a switch that makes every call fail like an outage.
 */
final class MemoryReplicaClient implements ReplicaClient {

  private record Stored(LtxFileInfo info, byte[] data) {}

  private final Map<Integer, TreeMap<String, Stored>> levels = new ConcurrentHashMap<>();
  private final AtomicBoolean down = new AtomicBoolean();
  final AtomicInteger writes = new AtomicInteger();
  final AtomicInteger failures = new AtomicInteger();
  private final String url;

  MemoryReplicaClient() {
    this("memory://test");
  }

  MemoryReplicaClient(String url) {
    this.url = url;
  }

  void down(boolean value) {
    down.set(value);
  }

  private void check(String what) throws IOException {
    if (down.get()) {
      failures.incrementAndGet();
      throw new IOException("memory replica is down (" + what + ")");
    }
  }

  @Override
  public String type() {
    return "memory";
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public synchronized List<LtxFileInfo> ltxFiles(int level, long seekTxid, boolean useMetadata)
      throws IOException {
    check("list");
    List<LtxFileInfo> out = new ArrayList<>();
    for (Stored s : levels.getOrDefault(level, new TreeMap<>()).values()) {
      if (Long.compareUnsigned(s.info().minTxid(), seekTxid) >= 0) {
        out.add(s.info());
      }
    }
    return out;
  }

  @Override
  public synchronized InputStream openLtxFile(
      int level, long minTxid, long maxTxid, long offset, long size) throws IOException {
    check("open");
    Stored s = levels.getOrDefault(level, new TreeMap<>()).get(name(minTxid, maxTxid));
    if (s == null) {
      throw new NoSuchFileException("L" + level + "/" + name(minTxid, maxTxid));
    }
    int len = size > 0 ? (int) size : s.data().length - (int) offset;
    return new ByteArrayInputStream(s.data(), (int) offset, len);
  }

  @Override
  public synchronized LtxFileInfo writeLtxFile(
      int level, long minTxid, long maxTxid, InputStream data) throws IOException {
    check("write");
    byte[] bytes = data.readAllBytes();
    Instant createdAt = Instant.ofEpochMilli(ByteBuffer.wrap(bytes).getLong(32));
    LtxFileInfo info = new LtxFileInfo(level, minTxid, maxTxid, bytes.length, createdAt);
    levels
        .computeIfAbsent(level, l -> new TreeMap<>())
        .put(name(minTxid, maxTxid), new Stored(info, bytes));
    writes.incrementAndGet();
    return info;
  }

  @Override
  public synchronized void deleteLtxFiles(List<LtxFileInfo> files) throws IOException {
    check("delete");
    for (LtxFileInfo f : files) {
      TreeMap<String, Stored> level = levels.get(f.level());
      if (level != null) {
        level.remove(name(f.minTxid(), f.maxTxid()));
      }
    }
  }

  @Override
  public synchronized void deleteAll() throws IOException {
    check("delete");
    levels.clear();
  }

  /** Rewrites the CreatedAt of every file of {@code level} (to age files for retention tests). */
  synchronized void age(int level, Instant createdAt) {
    TreeMap<String, Stored> files = levels.get(level);
    if (files != null) {
      files.replaceAll((k, s) -> new Stored(s.info().withCreatedAt(createdAt), s.data()));
    }
  }

  @Override
  public void close() {}

  private static String name(long min, long max) {
    return String.format("%016x-%016x.ltx", min, max);
  }
}
