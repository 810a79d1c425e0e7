package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Virtual-thread clients reading and writing at once through one engine. */
final class ConcurrencyTest {

  @TempDir Path dir;

  @Test
  void concurrentReadsAndWrites_allSucceedAndCountsAdd() throws Exception {
    try (ApiFixture f = new ApiFixture(dir)) {
      f.sql("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
      List<Future<Integer>> results = new ArrayList<>();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int w = 0; w < 8; w++) {
          int writer = w;
          results.add(
              pool.submit(
                  succeeded(
                      i -> f.call("POST", "/t").body("{\"v\":\"w" + writer + "-" + i + "\"}"),
                      201)));
          results.add(
              pool.submit(
                  succeeded(
                      i -> f.get("/t?select=id&v=like.w*&limit=5").header("Prefer", "count=exact"),
                      200,
                      206)));
        }
      }
      for (Future<Integer> r : results) {
        assertThat(r.get()).isEqualTo(25);
      }
      var total = f.get("/t?limit=0").header("Prefer", "count=exact").send();
      assertThat(total.header("Content-Range")).isEqualTo("*/200");
    }
  }

  /** Sends 25 calls; counts those answered with one of {@code statuses}. */
  private static Callable<Integer> succeeded(IntFunction<ApiFixture.Call> call, int... statuses) {
    return () -> {
      int ok = 0;
      for (int i = 0; i < 25; i++) {
        int status = call.apply(i).send().status();
        ok += java.util.Arrays.stream(statuses).anyMatch(s -> s == status) ? 1 : 0;
      }
      return ok;
    };
  }
}
