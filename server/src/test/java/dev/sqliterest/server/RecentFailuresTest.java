package dev.sqliterest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.ReplicationEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

final class RecentFailuresTest {

  private static ReplicationEvent.Failed failed(int n) {
    return new ReplicationEvent.Failed(
        ReplicationEvent.Operation.UPLOAD, new IOException("bucket gone " + n), n, Duration.ZERO);
  }

  @Test
  void keepsTheLatestFailures_oldestFirst_andIgnoresOtherEvents() {
    RecentFailures failures =
        new RecentFailures(InstantSource.fixed(Instant.parse("2026-01-02T03:04:05Z")));

    for (int i = 1; i <= RecentFailures.KEPT + 3; i++) {
      failures.on(failed(i));
      failures.on(new ReplicationEvent.Uploaded(i, 100));
    }

    assertThat(failures.list()).hasSize(RecentFailures.KEPT);
    assertThat(failures.list().getFirst())
        .isEqualTo(
            new RecentFailures.Failure(
                Instant.parse("2026-01-02T03:04:05Z"), "upload", "bucket gone 4", 4));
    assertThat(failures.list().getLast().message()).isEqualTo("bucket gone 13");
  }

  @Test
  void aFailureWithoutMessage_isNamedByItsType() {
    RecentFailures failures = new RecentFailures(InstantSource.system());

    failures.on(
        new ReplicationEvent.Failed(
            ReplicationEvent.Operation.SNAPSHOT, new IllegalStateException(), 1, Duration.ZERO));

    assertThat(failures.list().getFirst().message()).isEqualTo("IllegalStateException");
  }
}
