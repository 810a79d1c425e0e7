package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class LagClockTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final LagClock clock = new LagClock(now::get);

  @Test
  void lag_isNeverZeroBetweenCommitAndUpload() {
    assertThat(clock.lag()).isZero();
    clock.committed();
    now.addAndGet(5);
    assertThat(clock.lag()).isEqualTo(Duration.ofNanos(5));
    long since = clock.beginSync();
    assertThat(clock.lag()).as("in flight").isEqualTo(Duration.ofNanos(5));
    clock.synced(7, since);
    now.addAndGet(5);
    assertThat(clock.lag()).as("in an unshipped file").isEqualTo(Duration.ofNanos(10));
    clock.uploaded(6);
    assertThat(clock.lag()).isEqualTo(Duration.ofNanos(10));
    clock.uploaded(7);
    assertThat(clock.lag()).isZero();
  }

  @Test
  void lag_followsTheOldestChange() {
    clock.committed();
    long first = clock.beginSync();
    clock.synced(1, first);
    now.addAndGet(100);
    clock.committed(); // a newer change, not yet synced
    now.addAndGet(10);
    assertThat(clock.lag()).isEqualTo(Duration.ofNanos(110));
    clock.uploaded(1);
    assertThat(clock.lag()).isEqualTo(Duration.ofNanos(10));
  }

  @Test
  void endSync_withoutAFile_attachesTheStampToTheNewestUnshippedFile() {
    clock.synced(3, 0);
    clock.committed(); // committed before the sync read the WAL, so already in file 3
    long since = clock.beginSync();
    clock.endSync(since, 3);
    now.addAndGet(20);
    assertThat(clock.lag()).isEqualTo(Duration.ofNanos(20));
    clock.uploaded(3);
    assertThat(clock.lag()).isZero();
  }

  @Test
  void endSync_alreadyUploaded_dropsTheStamp() {
    clock.uploaded(3);
    clock.committed();
    clock.endSync(clock.beginSync(), 3);
    assertThat(clock.lag()).isZero();
  }

  @Test
  void synced_afterTheReplicaAlreadyUploadedItsFile_leavesNoStamp() {
    // the upload lane read file 7 from disk before the sync attached the stamp to it
    clock.committed();
    long since = clock.beginSync();
    clock.uploaded(7);
    clock.synced(7, since);
    now.addAndGet(20);
    assertThat(clock.lag()).isZero();
  }
}
