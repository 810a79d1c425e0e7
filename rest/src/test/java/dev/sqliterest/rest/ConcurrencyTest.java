package dev.sqliterest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
                  () -> {
                    int ok = 0;
                    for (int i = 0; i < 25; i++) {
                      var r =
                          f.call("POST", "/t").body("{\"v\":\"w" + writer + "-" + i + "\"}").send();
                      ok += r.status() == 201 ? 1 : 0;
                    }
                    return ok;
                  }));
          results.add(
              pool.submit(
                  () -> {
                    int ok = 0;
                    for (int i = 0; i < 25; i++) {
                      var r =
                          f.get("/t?select=id&v=like.w*&limit=5")
                              .header("Prefer", "count=exact")
                              .send();
                      ok += r.status() == 200 || r.status() == 206 ? 1 : 0;
                    }
                    return ok;
                  }));
        }
      }
      for (Future<Integer> r : results) {
        assertThat(r.get()).isEqualTo(25);
      }
      var total = f.get("/t?limit=0").header("Prefer", "count=exact").send();
      assertThat(total.header("Content-Range")).isEqualTo("*/200");
    }
  }
}
