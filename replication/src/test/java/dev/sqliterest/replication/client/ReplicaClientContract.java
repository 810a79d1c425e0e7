package dev.sqliterest.replication.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ReplicaClient} must show, run against each backend by a subclass that
 * supplies a fresh, empty replica per test and a way to drop raw objects into it.
 */
public abstract class ReplicaClientContract {

  protected static final long T0 = 1_700_000_000_123L;

  protected ReplicaClient client;

  /** A client on a fresh, empty replica. */
  protected abstract ReplicaClient newClient() throws Exception;

  /**
   * Stores raw bytes at {@code relativePath} below the replica root/prefix, bypassing the client.
   */
  protected abstract void putRaw(String relativePath, byte[] data) throws Exception;

  /** The relative path at which {@code level} keeps its files (backend layout). */
  protected abstract String levelPath(int level);

  @BeforeEach
  void openClient() throws Exception {
    client = newClient();
  }

  @AfterEach
  void closeClient() throws Exception {
    client.close();
  }

  protected LtxFileInfo write(int level, long min, long max, long ts, int body) throws IOException {
    return client.writeLtxFile(
        level, min, max, new ByteArrayInputStream(LtxBytes.of(min, max, ts, body)));
  }

  protected static byte[] read(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void ltxFiles_emptyReplica_listsNothing() throws IOException {
    for (int level = 0; level <= Levels.MAX; level++) {
      assertThat(client.ltxFiles(level, 0, false)).isEmpty();
      assertThat(client.ltxFiles(level, 0, true)).isEmpty();
    }
  }

  @Test
  void writeLtxFile_returnsInfoWithHeaderTimestamp() throws IOException {
    LtxFileInfo info = write(0, 1, 1, T0, 500);
    assertThat(info).isEqualTo(new LtxFileInfo(0, 1, 1, 600, Instant.ofEpochMilli(T0)));
  }

  @Test
  void ltxFiles_sortedByTxid_withSizeAndMetadataTimestamp() throws IOException {
    write(0, 3, 3, T0 + 3000, 30);
    write(0, 1, 1, T0 + 1000, 10);
    write(0, 2, 2, T0 + 2000, 20);
    write(0, 10, 10, T0 + 10_000, 1);
    List<LtxFileInfo> files = client.ltxFiles(0, 0, true);
    assertThat(files)
        .extracting(LtxFileInfo::minTxid, LtxFileInfo::size)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, 110L),
            org.assertj.core.groups.Tuple.tuple(2L, 120L),
            org.assertj.core.groups.Tuple.tuple(3L, 130L),
            org.assertj.core.groups.Tuple.tuple(10L, 101L));
    assertThat(files)
        .extracting(LtxFileInfo::createdAt)
        .containsExactly(
            Instant.ofEpochMilli(T0 + 1000),
            Instant.ofEpochMilli(T0 + 2000),
            Instant.ofEpochMilli(T0 + 3000),
            Instant.ofEpochMilli(T0 + 10_000));
    assertThat(files).allSatisfy(f -> assertThat(f.level()).isZero());
  }

  @Test
  void ltxFiles_seek_skipsLowerMinTxids() throws IOException {
    for (long t = 1; t <= 5; t++) {
      write(0, t, t, T0, 1);
    }
    assertThat(client.ltxFiles(0, 4, false))
        .extracting(LtxFileInfo::minTxid)
        .containsExactly(4L, 5L);
  }

  @Test
  void ltxFiles_levelsAreSeparate() throws IOException {
    write(0, 1, 1, T0, 1);
    write(1, 1, 4, T0, 1);
    write(9, 1, 7, T0, 1);
    assertThat(client.ltxFiles(0, 0, false))
        .extracting(LtxFileInfo::toString)
        .containsExactly("L0/0000000000000001-0000000000000001.ltx");
    assertThat(client.ltxFiles(1, 0, false)).extracting(LtxFileInfo::maxTxid).containsExactly(4L);
    assertThat(client.ltxFiles(9, 0, false)).extracting(LtxFileInfo::maxTxid).containsExactly(7L);
    assertThat(client.ltxFiles(2, 0, false)).isEmpty();
  }

  @Test
  void ltxFilesOfAllLevels_listsWhatEachLevelLists() throws Exception {
    write(0, 5, 5, T0, 1);
    write(0, 4, 4, T0 + 1000, 1);
    write(1, 1, 4, T0, 1);
    write(9, 1, 7, T0, 1);
    byte[] junk = LtxBytes.of(6, 6, T0, 1);
    putRaw(levelPath(0) + "notes.txt", junk);
    putRaw(levelPath(0) + "sub/0000000000000006-0000000000000006.ltx", junk);
    putRaw("generations/0123456789abcdef/snapshots/00000000.snapshot.lz4", new byte[] {1});
    for (boolean useMetadata : new boolean[] {false, true}) {
      Map<Integer, List<LtxFileInfo>> all = client.ltxFilesOfAllLevels(useMetadata);
      assertThat(all.keySet()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
      for (int level = 0; level <= Levels.MAX; level++) {
        assertThat(all.get(level)).isEqualTo(client.ltxFiles(level, 0, useMetadata));
      }
      assertThat(all.get(0)).extracting(LtxFileInfo::minTxid).containsExactly(4L, 5L);
      assertThat(all.get(9)).extracting(LtxFileInfo::maxTxid).containsExactly(7L);
    }
  }

  @Test
  void ltxFiles_ignoresForeignNames() throws Exception {
    write(0, 1, 1, T0, 1);
    byte[] junk = LtxBytes.of(2, 2, T0, 1);
    putRaw(levelPath(0) + "0000000000000002-0000000000000002.ltx.tmp", junk);
    putRaw(
        levelPath(0) + "000000000000000A-000000000000000A.ltx",
        junk); // uppercase: not Litestream's
    putRaw(levelPath(0) + "notes.txt", junk);
    assertThat(client.ltxFiles(0, 0, false)).extracting(LtxFileInfo::minTxid).containsExactly(1L);
  }

  @Test
  void openLtxFile_wholeFileAndRanges() throws IOException {
    byte[] data = LtxBytes.of(5, 9, T0, 4000);
    client.writeLtxFile(2, 5, 9, new ByteArrayInputStream(data));
    assertThat(read(client.openLtxFile(2, 5, 9, 0, 0))).isEqualTo(data);
    assertThat(read(client.openLtxFile(2, 5, 9, 100, 0)))
        .isEqualTo(Arrays.copyOfRange(data, 100, data.length));
    assertThat(read(client.openLtxFile(2, 5, 9, 10, 20)))
        .isEqualTo(Arrays.copyOfRange(data, 10, 30));
  }

  @Test
  void openLtxFile_missing_noSuchFile() {
    assertThatThrownBy(() -> read(client.openLtxFile(0, 1, 1, 0, 0)))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void writeLtxFile_headerNotMatchingName_rejectedAndNothingStored() throws IOException {
    byte[] data = LtxBytes.of(2, 2, T0, 10);
    assertThatThrownBy(() -> client.writeLtxFile(0, 3, 3, new ByteArrayInputStream(data)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("do not match");
    assertThatThrownBy(() -> client.writeLtxFile(0, 1, 1, new ByteArrayInputStream(new byte[50])))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("invalid ltx file");
    assertThat(client.ltxFiles(0, 0, false)).isEmpty();
  }

  @Test
  void writeLtxFile_sameNameAgain_replacesContent() throws IOException {
    write(0, 1, 1, T0, 10);
    byte[] second = LtxBytes.of(1, 1, T0 + 5, 77);
    client.writeLtxFile(0, 1, 1, new ByteArrayInputStream(second));
    assertThat(read(client.openLtxFile(0, 1, 1, 0, 0))).isEqualTo(second);
    assertThat(client.ltxFiles(0, 0, false))
        .singleElement()
        .extracting(LtxFileInfo::size)
        .isEqualTo(177L);
  }

  @Test
  void writeLtxFile_largerThanS3PartSize_roundTrips() throws IOException {
    int body = 11 * 1024 * 1024 + 7; // three 5 MiB parts on S3
    byte[] data = LtxBytes.of(1, 40, T0, body);
    LtxFileInfo info = client.writeLtxFile(9, 1, 40, new ByteArrayInputStream(data));
    assertThat(info.size()).isEqualTo(data.length);
    assertThat(client.ltxFiles(9, 0, true))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.size()).isEqualTo(data.length);
              assertThat(f.createdAt()).isEqualTo(Instant.ofEpochMilli(T0));
            });
    assertThat(read(client.openLtxFile(9, 1, 40, 0, 0))).isEqualTo(data);
  }

  @Test
  void deleteLtxFiles_removesOnlyThose_andToleratesMissing() throws IOException {
    List<LtxFileInfo> written = new ArrayList<>();
    for (long t = 1; t <= 4; t++) {
      written.add(write(0, t, t, T0, 1));
    }
    LtxFileInfo ghost = new LtxFileInfo(0, 99, 99, 1, Instant.EPOCH);
    client.deleteLtxFiles(List.of(written.get(0), written.get(2), ghost));
    assertThat(client.ltxFiles(0, 0, false))
        .extracting(LtxFileInfo::minTxid)
        .containsExactly(2L, 4L);
  }

  @Test
  void deleteLtxFiles_moreThanOneBatch() throws IOException {
    List<LtxFileInfo> written = new ArrayList<>();
    for (long t = 1; t <= 1005; t++) {
      written.add(write(0, t, t, T0, 0));
    }
    client.deleteLtxFiles(written.subList(0, 1003));
    assertThat(client.ltxFiles(0, 0, false))
        .extracting(LtxFileInfo::minTxid)
        .containsExactly(1004L, 1005L);
  }

  @Test
  void deleteAll_removesEveryLevel_keepsLegacyData() throws Exception {
    write(0, 1, 1, T0, 1);
    write(3, 1, 9, T0, 1);
    write(9, 1, 9, T0, 1);
    putRaw("generations/0123456789abcdef/snapshots/00000000.snapshot.lz4", new byte[] {1});
    client.deleteAll();
    for (int level = 0; level <= Levels.MAX; level++) {
      assertThat(client.ltxFiles(level, 0, false)).isEmpty();
    }
    assertThat(client.legacy().generations()).containsExactly("0123456789abcdef");
  }

  @Test
  void legacyV3_listsGenerationsSnapshotsAndWalSegments() throws Exception {
    String gen = "00a1b2c3d4e5f607";
    putRaw("generations/" + gen + "/snapshots/00000001.snapshot.lz4", new byte[] {1, 2, 3});
    putRaw("generations/" + gen + "/snapshots/00000000.snapshot.lz4", new byte[] {4});
    putRaw("generations/" + gen + "/wal/00000001_00004080.wal.lz4", new byte[] {5, 6});
    putRaw("generations/" + gen + "/wal/00000000_00000000.wal.lz4", new byte[] {7});
    putRaw("generations/" + gen + "/wal/00000001_00000000.wal.lz4", new byte[] {8, 9, 10});
    putRaw("generations/" + gen + "/wal/00000001.wal", new byte[] {0}); // shadow WAL: not a segment
    putRaw("generations/ffffffffffffffff/snapshots/00000000.snapshot.lz4", new byte[] {1});
    putRaw("generations/not-a-generation/snapshots/00000000.snapshot.lz4", new byte[] {1});

    assertThat(client.legacy().generations()).containsExactly(gen, "ffffffffffffffff");
    List<LegacySnapshotInfo> snaps = client.legacy().snapshots(gen);
    assertThat(snaps)
        .extracting(LegacySnapshotInfo::index, LegacySnapshotInfo::size)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, 1L),
            org.assertj.core.groups.Tuple.tuple(1L, 3L));
    List<LegacyWalSegmentInfo> wal = client.legacy().walSegments(gen);
    assertThat(wal)
        .extracting(LegacyWalSegmentInfo::fileName)
        .containsExactly(
            "00000000_00000000.wal.lz4", "00000001_00000000.wal.lz4", "00000001_00004080.wal.lz4");
    assertThat(wal.get(2).offset()).isEqualTo(0x4080);
    assertThat(read(client.legacy().openSnapshot(snaps.get(1)))).containsExactly(1, 2, 3);
    assertThat(read(client.legacy().openWalSegment(wal.get(1)))).containsExactly(8, 9, 10);
    assertThat(client.legacy().snapshots("0000000000000000")).isEmpty();
  }

  @Test
  void legacyV3_noGenerations_empty() throws IOException {
    write(0, 1, 1, T0, 1);
    assertThat(client.legacy().generations()).isEmpty();
  }
}
