package dev.sqliterest.replication.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class WriteBehindTest {

  @TempDir Path dir;

  /** A new file at {@code path} whose forces are counted (and fail with {@code forceFailure}). */
  private static CountingChannel newFile(Path path, IOException forceFailure) throws IOException {
    return new CountingChannel(
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        forceFailure);
  }

  @Test
  void runsLandInHandOverOrder_laterRunsOverwriteEarlierOnes() throws Exception {
    Path file = dir.resolve("out");
    Random rnd = new Random(7);
    byte[] expected = new byte[64 * 1024];
    try (FileChannel ch =
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        WriteBehind writes = new WriteBehind(ch, file)) {
      byte[] buf = new byte[4096];
      for (int i = 0; i < 500; i++) {
        // overlapping runs: only writing them in order gives the expected bytes
        int len = 1 + rnd.nextInt(buf.length);
        int pos = rnd.nextInt(expected.length - len);
        rnd.nextBytes(buf);
        System.arraycopy(buf, 0, expected, pos, len);
        byte[] next = writes.write(buf, len, pos);
        assertThat(next).hasSize(buf.length);
        buf = next;
      }
      writes.close();
      assertThat(ch.size()).isLessThanOrEqualTo(expected.length);
    }
    byte[] actual = Arrays.copyOf(Files.readAllBytes(file), expected.length);
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void failedWrite_failsLaterCallsAndClose_namingTheFile_andTheThreadEnds() throws Exception {
    Path file = dir.resolve("read-only");
    Files.write(file, new byte[0]);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      WriteBehind writes = new WriteBehind(ch, file);
      // the first write fails on the writer thread; some later call must report it
      assertThatThrownBy(
              () -> {
                byte[] buf = new byte[1024];
                for (int i = 0; i < 100; i++) {
                  buf = writes.write(buf, buf.length, (long) i * buf.length);
                }
                writes.close();
              })
          .isInstanceOf(RestoreException.class)
          .hasMessageContaining("writing the restored database " + file);
      assertThatThrownBy(writes::close).isInstanceOf(RestoreException.class);
      assertThat(Thread.getAllStackTraces().keySet())
          .noneMatch(t -> t.getName().equals("restore-writer") && t.isAlive());
    }
    assertThat(Files.size(file)).isZero();
  }

  @Test
  void close_waitsForEveryRunHandedOver() throws Exception {
    Path file = dir.resolve("out");
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      WriteBehind writes = new WriteBehind(ch, file);
      byte[] buf = new byte[1 << 20];
      for (int i = 0; i < 8; i++) {
        Arrays.fill(buf, (byte) i);
        buf = writes.write(buf, buf.length, (long) i << 20);
      }
      writes.close();
      assertThat(ch.size()).isEqualTo(8L << 20);
    }
    byte[] all = Files.readAllBytes(file);
    for (int i = 0; i < 8; i++) {
      assertThat(all[(i << 20) + 12345]).isEqualTo((byte) i);
    }
  }

  @Test
  void flushesToDiskAsItGoes_andCloseWaitsForTheFlushingThread() throws Exception {
    Path file = dir.resolve("out");
    try (CountingChannel ch = newFile(file, null)) {
      WriteBehind writes = new WriteBehind(ch, file, 2 << 20);
      byte[] buf = new byte[1 << 20];
      for (int i = 0; i < 8; i++) {
        Arrays.fill(buf, (byte) i);
        buf = writes.write(buf, buf.length, (long) i << 20);
      }
      writes.close();
      // 8 MiB at one flush per 2 MiB: at least one (a flush asked for while one runs is skipped)
      assertThat(ch.forces.get()).isBetween(1, 4);
      assertThat(Thread.getAllStackTraces().keySet())
          .noneMatch(t -> t.getName().matches("restore-write(r|back)") && t.isAlive());
    }
    assertThat(Files.size(file)).isEqualTo(8L << 20);
  }

  @Test
  void lessThanTheFlushInterval_flushesNothing() throws Exception {
    Path file = dir.resolve("out");
    try (CountingChannel ch = newFile(file, null)) {
      WriteBehind writes = new WriteBehind(ch, file);
      byte[] buf = new byte[1 << 20];
      for (int i = 0; i < 3; i++) {
        buf = writes.write(buf, buf.length, (long) i << 20);
      }
      writes.close();
      assertThat(ch.forces.get()).isZero(); // the restore's own fsync comes later, once
    }
  }

  @Test
  void failedFlush_failsTheRestoreLikeAFailedWrite() throws Exception {
    Path file = dir.resolve("out");
    try (CountingChannel ch = newFile(file, new IOException("Input/output error"))) {
      WriteBehind writes = new WriteBehind(ch, file, 1 << 20);
      assertThatThrownBy(
              () -> {
                byte[] buf = new byte[1 << 20];
                for (int i = 0; i < 100; i++) {
                  buf = writes.write(buf, buf.length, (long) i << 20);
                }
                writes.close();
              })
          .isInstanceOf(RestoreException.class)
          .hasMessageContaining("writing the restored database " + file)
          .hasMessageContaining("Input/output error");
      assertThatThrownBy(writes::close).isInstanceOf(RestoreException.class);
      assertThat(Thread.getAllStackTraces().keySet())
          .noneMatch(t -> t.getName().matches("restore-write(r|back)") && t.isAlive());
    }
  }

  @Test
  void alignedRuns_goThroughTheDirectDescriptor_othersTheOrdinaryOne_laterRunsStillWin()
      throws Exception {
    Path file = dir.resolve("out");
    Random rnd = new Random(11);
    byte[] expected = new byte[256 * 1024];
    long alignedBytes = 0;
    try (FileChannel ch =
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        CountingChannel direct =
            new CountingChannel(FileChannel.open(file, StandardOpenOption.WRITE), null)) {
      WriteBehind writes = new WriteBehind(ch, direct, 4096, 4096, file);
      byte[] buf = new byte[32 * 1024];
      for (int i = 0; i < 300; i++) {
        // overlapping runs of both kinds: only writing them in order gives the expected bytes
        boolean aligned = rnd.nextBoolean();
        int len = aligned ? 4096 * (1 + rnd.nextInt(8)) : 1 + rnd.nextInt(buf.length);
        int pos = aligned ? 4096 * rnd.nextInt(expected.length / 4096 - 8) : rnd.nextInt(1000);
        if (!aligned && len % 4096 == 0 && pos % 4096 == 0) {
          pos++;
        }
        rnd.nextBytes(buf);
        System.arraycopy(buf, 0, expected, pos, len);
        alignedBytes += aligned ? len : 0;
        buf = writes.write(buf, len, pos);
      }
      writes.close();
      assertThat(writes.directBytes()).isEqualTo(alignedBytes).isPositive();
      assertThat(direct.written.get()).isEqualTo(alignedBytes);
    }
    assertThat(Arrays.copyOf(Files.readAllBytes(file), expected.length)).isEqualTo(expected);
  }

  @Test
  void shortAlignedRuns_goTheOrdinaryWay_longOnesDirect_laterRunsStillWin() throws Exception {
    Path file = dir.resolve("out");
    int min = WriteBehind.DIRECT_MIN_KIB << 10;
    byte[] expected = new byte[4 << 20];
    long directExpected = 0;
    try (FileChannel ch =
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        CountingChannel direct =
            new CountingChannel(FileChannel.open(file, StandardOpenOption.WRITE), null)) {
      WriteBehind writes = new WriteBehind(ch, direct, 4096, file);
      Random rnd = new Random(3);
      byte[] buf = new byte[1 << 20];
      // a snapshot's long runs, then an L0 file's single pages over them, then long runs again
      int[] lengths = {1 << 20, min, 4096, 4096, min - 4096, 1 << 20, 8192, min, 4096};
      for (int len : lengths) {
        int pos = 4096 * rnd.nextInt((expected.length - len) / 4096);
        rnd.nextBytes(buf);
        System.arraycopy(buf, 0, expected, pos, len);
        directExpected += len >= min ? len : 0;
        buf = writes.write(buf, len, pos);
      }
      writes.close();
      assertThat(writes.directBytes()).isEqualTo(directExpected).isEqualTo(2L * min + (2 << 20));
      assertThat(direct.written.get()).isEqualTo(directExpected);
    }
    assertThat(Arrays.copyOf(Files.readAllBytes(file), expected.length)).isEqualTo(expected);
  }

  @Test
  void failedDirectWrite_thatRunAndLaterOnesGoTheOrdinaryWay() throws Exception {
    Path file = dir.resolve("out");
    try (FileChannel ch =
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        CountingChannel direct =
            new CountingChannel(
                FileChannel.open(file, StandardOpenOption.WRITE),
                null,
                new IOException("Invalid argument"))) {
      WriteBehind writes = new WriteBehind(ch, direct, 4096, 4096, file);
      byte[] buf = new byte[1 << 20];
      for (int i = 0; i < 4; i++) {
        Arrays.fill(buf, (byte) (i + 1));
        buf = writes.write(buf, buf.length, (long) i << 20);
      }
      writes.close(); // no failure: the ordinary descriptor wrote every run
      assertThat(writes.directBytes()).isZero();
      assertThat(direct.written.get()).isZero();
    }
    byte[] all = Files.readAllBytes(file);
    assertThat(all).hasSize(4 << 20);
    for (int i = 0; i < 4; i++) {
      assertThat(all[(i << 20) + 4321]).isEqualTo((byte) (i + 1));
    }
  }

  @Test
  void realDirectDescriptor_writesTheSameBytes() throws Exception {
    Path file = dir.resolve("out");
    Files.createFile(file);
    FileChannel direct;
    try {
      direct = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
    } catch (IOException | UnsupportedOperationException e) {
      assumeTrue(false, "the temporary directory's file system has no O_DIRECT: " + e);
      return;
    }
    long block = Files.getFileStore(file).getBlockSize();
    byte[] expected = new byte[(int) (block * 64)];
    new Random(5).nextBytes(expected);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        direct) {
      WriteBehind writes = new WriteBehind(ch, direct, block, (int) block, file);
      byte[] buf = new byte[(int) (block * 16)];
      for (int off = 0; off < expected.length; off += buf.length) {
        System.arraycopy(expected, off, buf, 0, buf.length);
        buf = writes.write(buf, buf.length, off);
      }
      writes.close();
      assertThat(writes.directBytes()).isEqualTo(expected.length);
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(expected);
  }
}
