package dev.sqliterest.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.server.testing.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class BodyBudgetTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void forHeap_isASixteenthOfTheHeap_butAlwaysAtLeastTheLargestBody() {
    assertThat(BodyBudget.forHeap(512 * MIB, 16 * MIB).available()).isEqualTo(32 * MIB);
    assertThat(BodyBudget.forHeap(64 * MIB, 16 * MIB).available()).isEqualTo(16 * MIB);
  }

  @Test
  void aBodyWaitsUntilTheBytesHeldBeforeItAreGiven_andABodyLargerThanTheBudgetTakesItAll()
      throws Exception {
    BodyBudget budget = new BodyBudget(10);
    BodyBudget.Share first = budget.take(6);
    assertThat(budget.available()).isEqualTo(4);

    CompletableFuture<BodyBudget.Share> second =
        CompletableFuture.supplyAsync(() -> budget.take(100)); // more than the whole budget
    Await.until(Duration.ofSeconds(10), "the second body waits", budget::hasWaiting);
    assertThat(second).isNotDone();

    first.close();
    BodyBudget.Share all = second.get(10, TimeUnit.SECONDS);
    assertThat(budget.available()).isZero();
    all.close();
    assertThat(budget.available()).isEqualTo(10);
  }

  @Test
  void noBody_takesNothing() {
    BodyBudget budget = new BodyBudget(10);
    try (BodyBudget.Share share = budget.take(0)) {
      assertThat(budget.available()).isEqualTo(10);
    }
  }
}
