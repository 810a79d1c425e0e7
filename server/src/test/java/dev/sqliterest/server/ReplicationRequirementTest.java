package dev.sqliterest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.ReplicationEvent;
import dev.sqliterest.replication.ReplicationStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When {@code --replication-required-within} stops the server, and when it does not. */
final class ReplicationRequirementTest {

  private long now = 1_000_000_000L;
  private final ReplicationRequirement requirement =
      new ReplicationRequirement(Duration.ofSeconds(10), () -> now);

  private static ReplicationStatus pendingFor(Duration lag) {
    return new ReplicationStatus(9, 7, lag, Instant.EPOCH, false, true);
  }

  private void advance(Duration d) {
    now += d.toNanos();
  }

  @Test
  void changesWaitingLongerThanTheBound_noUploadAccepted_isAViolationThatSaysWhy() {
    advance(Duration.ofSeconds(11));
    assertThat(requirement.violated(pendingFor(Duration.ofSeconds(11))))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("required within 10s (--replication-required-within)")
                    .contains("changes have waited 11s")
                    .contains("no replica accepted an upload for 11s"));
  }

  @Test
  void quietServer_nothingPending_keepsRunningHoweverLongTheReplicaIsSilent() {
    advance(Duration.ofHours(1));
    assertThat(requirement.violated(pendingFor(Duration.ZERO))).isEmpty();
    assertThat(requirement.violated(pendingFor(Duration.ofSeconds(10)))).isEmpty();
  }

  @Test
  void slowReplicaThatStillAcceptsUploads_keepsRunning() {
    advance(Duration.ofSeconds(30));
    requirement.on(new ReplicationEvent.Uploaded(8, 4096));
    advance(Duration.ofSeconds(5));
    assertThat(requirement.violated(pendingFor(Duration.ofSeconds(30)))).isEmpty();
    advance(Duration.ofSeconds(6));
    assertThat(requirement.violated(pendingFor(Duration.ofSeconds(41)))).isPresent();
  }

  @Test
  void aSnapshotCountsAsAnAcceptedUpload() {
    advance(Duration.ofSeconds(30));
    requirement.on(new ReplicationEvent.SnapshotWritten(8, 4096, Instant.EPOCH));
    assertThat(requirement.violated(pendingFor(Duration.ofSeconds(30)))).isEmpty();
  }
}
