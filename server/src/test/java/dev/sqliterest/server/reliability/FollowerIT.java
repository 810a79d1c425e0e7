package dev.sqliterest.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sqliterest.server.testing.Await;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.server.testing.ServerProcess;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A primary and a follower as two server processes of their own, and the {@code sqlite3} CLI as a
 * third reading the follower's file: while the primary takes 50-row bulk inserts, neither the
 * follower's API nor {@code sqlite3} ever sees part of one; writes to the follower get 405; the
 * follower survives a restart of the primary, continues after its own graceful stop, and restores
 * again after {@code kill -9}.
 */
final class FollowerIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BULK = 50;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure leaves the logs and files to inspect
  Path dir;

  private int seq;

  @Test
  void primaryAndFollowerProcesses_wholeTransactions_restarts() throws Exception {
    Path db = dir.resolve("primary.db");
    Path followerDb = dir.resolve("follower.db");
    String url = Replication.fileUrl(dir.resolve("replica"));
    LogTable.create(db);
    ServerProcess primary = startPrimary(db, url, "primary-1.log");
    ServerProcess follower = null;
    try {
      bulkInsert(primary.api());
      follower = startFollower(followerDb, url, primary, "follower-1.log");
      awaitSameRows(primary, follower);

      AtomicBoolean reading = new AtomicBoolean(true);
      ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
      Set<Integer> apiSaw = ConcurrentHashMap.newKeySet();
      Set<Long> cliSaw = ConcurrentHashMap.newKeySet();
      Http followerApi = follower.api();
      Thread api =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (reading.get()) {
                      HttpResponse<String> r = followerApi.get("/log?select=id");
                      int n = r.statusCode() == 200 ? rows(r) : -1;
                      apiSaw.add(n);
                      if (n % BULK != 0) {
                        wrong.add("api: " + r.statusCode() + " " + n + " rows");
                      }
                    }
                  });
      Thread cli =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (reading.get()) {
                      try {
                        String out = LogTable.sqlite3(followerDb, "SELECT count(*) FROM log;");
                        long n = Long.parseLong(out.strip());
                        cliSaw.add(n);
                        if (n % BULK != 0) {
                          wrong.add("sqlite3: " + out.strip() + " rows");
                        }
                      } catch (Exception e) {
                        wrong.add("sqlite3: " + e.getMessage());
                      }
                    }
                  });
      for (int i = 0; i < 20; i++) {
        bulkInsert(primary.api());
        if (i % 5 == 4) {
          // states in between for the readers: fast writes can reach the follower in one file
          awaitSameRows(primary, follower);
          int now = seq;
          Await.until(
              TIMEOUT,
              "both readers saw " + now + " rows",
              () -> apiSaw.contains(now) && cliSaw.contains((long) now));
        }
      }
      awaitSameRows(primary, follower);
      reading.set(false);
      api.join();
      cli.join();
      assertThat(wrong).isEmpty();
      assertThat(apiSaw.size()).as("states the API readers saw").isGreaterThan(1);
      assertThat(cliSaw.size()).as("states sqlite3 saw").isGreaterThan(1);

      HttpResponse<String> write =
          follower
              .api()
              .send(
                  "POST",
                  "/log",
                  BodyPublishers.ofString("{\"client\":9,\"seq\":1}"),
                  "Content-Type",
                  "application/json");
      assertThat(write.statusCode()).isEqualTo(405);
      assertThat(write.body()).contains("\"code\":\"25006\"");
      assertThat(write.headers().firstValue("Location")).hasValue(primary.api().base() + "/log");

      // the primary restarts; the follower keeps following it
      primary.terminate();
      assertThat(primary.awaitExit(TIMEOUT)).as(primary.log()).isZero();
      primary = startPrimary(db, url, "primary-2.log");
      bulkInsert(primary.api());
      awaitSameRows(primary, follower);

      // a graceful stop is continued from
      follower.terminate();
      assertThat(follower.awaitExit(TIMEOUT)).as(follower.log()).isZero();
      bulkInsert(primary.api());
      follower = startFollower(followerDb, url, primary, "follower-2.log");
      awaitSameRows(primary, follower);
      assertThat(follower.hasLogged("follower started: continuing from its last graceful stop"))
          .as(follower.log())
          .isTrue();

      // after kill -9 nothing vouches for the file: it is restored again
      follower.kill();
      bulkInsert(primary.api());
      follower = startFollower(followerDb, url, primary, "follower-3.log");
      awaitSameRows(primary, follower);
      assertThat(follower.hasLogged("follower started: restoring from the replica"))
          .as(follower.log())
          .isTrue();
    } finally {
      if (follower != null) {
        follower.close();
      }
      primary.close();
    }
  }

  private ServerProcess startPrimary(Path db, String url, String log) throws Exception {
    return ServerProcess.serve(
            dir.resolve(log),
            Map.of(),
            LogTable.serveFlags(
                db,
                "--replication-enabled",
                "--replication-replica-url",
                url,
                "--replication-sync-interval",
                "200ms"))
        .awaitListening();
  }

  private ServerProcess startFollower(Path db, String url, ServerProcess primary, String log)
      throws Exception {
    return ServerProcess.serve(
            dir.resolve(log),
            Map.of("SQLITEREST_REPLICATION_FOLLOW_INTERVAL", "200ms"),
            LogTable.serveFlags(
                db, "--replication-follow", url, "--replication-primary-url", primary.api().base()))
        .awaitListening();
  }

  /** One POST of {@value #BULK} rows: one transaction on the primary. */
  private void bulkInsert(Http api) {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < BULK; i++) {
      body.append(i == 0 ? "" : ",").append("{\"client\":1,\"seq\":").append(++seq).append('}');
    }
    HttpResponse<String> r =
        api.send(
            "POST",
            "/log",
            BodyPublishers.ofString(body.append(']').toString()),
            "Content-Type",
            "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private static void awaitSameRows(ServerProcess primary, ServerProcess follower) {
    Await.until(
        TIMEOUT,
        "the follower serves the primary's rows",
        () -> {
          HttpResponse<String> want = primary.api().get("/log?select=id,client,seq&order=id");
          HttpResponse<String> got = follower.api().get("/log?select=id,client,seq&order=id");
          return got.statusCode() == 200 && got.body().equals(want.body());
        });
  }

  private static int rows(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body()).size();
    } catch (java.io.IOException e) {
      throw new AssertionError(r.body(), e);
    }
  }
}
