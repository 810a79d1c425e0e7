package dev.sqliterest.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.replication.client.LtxFileInfo;
import dev.sqliterest.sqlite.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compaction schedule across restarts, on a hand-set clock with the default levels (L1 30 s, L2
 * 5 min, L3 1 h). As in Litestream (docs/FORMAT.md, "Compaction and snapshot schedule") each level
 * is tried once at start, but a level whose newest file was created after the level's last
 * UTC-aligned boundary is "too early": a restart compacts only the levels that are due, not L1–L3
 * every time.
 */
final class CompactionScheduleTest {

  /** 10:07:10 UTC: last boundaries are 10:07:00 (L1), 10:05 (L2), 10:00 (L3). */
  private static final Instant T0 = Instant.parse("2026-11-27T10:07:10Z");

  @TempDir Path dir;
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final InstantSource clock = now::get;
  private final MemoryReplicaClient replica = new MemoryReplicaClient();
  private Database db;
  private int nextId;

  @BeforeEach
  void open() throws SQLException {
    db = TestDatabase.open(dir.resolve("s.db"));
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  @Test
  void restart_compactsOnlyTheLevelsWhoseIntervalBoundaryPassed() throws Exception {
    // first start on an empty replica: every level is compacted at once (Litestream does too)
    runOnce(() -> levels(1, 2, 3).equals(List.of(1, 1, 1)));
    assertThat(levels(1, 2, 3)).containsExactly(1, 1, 1);

    // restart at 10:07:25 (the next L1 boundary, 10:07:30, has not passed): nothing is due
    now.set(T0.plusSeconds(15));
    runOnce(() -> false);
    assertThat(levels(1, 2, 3))
        .as("levels after a restart within every interval")
        .containsExactly(1, 1, 1);

    // restart at 10:08:10: L1's boundary 10:08:00 passed, L2's (10:10) and L3's (11:00) did not
    now.set(T0.plusSeconds(60));
    runOnce(() -> levels(1, 2, 3).get(0) == 2);
    assertThat(levels(1, 2, 3)).containsExactly(2, 1, 1);

    // restart at 11:00:05: every boundary passed, every level catches up
    now.set(Instant.parse("2026-11-27T11:00:05Z"));
    runOnce(() -> levels(1, 2, 3).equals(List.of(3, 2, 2)));
    assertThat(levels(1, 2, 3)).containsExactly(3, 2, 2);
  }

  /** One serve run: start, write, wait until {@code done} (or 1.5 s of maintenance), stop. */
  private void runOnce(java.util.function.BooleanSupplier done) throws Exception {
    Store store = new Store(db, replica, StoreTest.fast(), e -> {}, clock);
    store.start(false);
    try {
      int id = nextId++;
      db.write(
          c ->
              c.createStatement()
                  .executeUpdate("INSERT INTO t(id, v) VALUES (" + id + ", randomblob(500))"));
      long deadline = System.nanoTime() + Duration.ofMillis(1500).toNanos();
      while (!done.getAsBoolean() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(200); // a compaction that should not happen gets its chance
    } finally {
      assertThat(store.close(Duration.ofSeconds(5))).isTrue();
    }
  }

  private List<Integer> levels(int... levels) {
    try {
      List<Integer> sizes = new java.util.ArrayList<>();
      for (int level : levels) {
        List<LtxFileInfo> files = replica.ltxFiles(level, 0, false);
        sizes.add(files.size());
      }
      return sizes;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
