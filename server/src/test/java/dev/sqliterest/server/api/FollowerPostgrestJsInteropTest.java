package dev.sqliterest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sqliterest.replication.FollowOptions;
import dev.sqliterest.replication.client.ReplicaUrl;
import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.server.config.FollowConfig;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.testing.Await;
import dev.sqliterest.server.testing.Replicated;
import dev.sqliterest.sqlite.DatabaseOptions;
import dev.sqliterest.testing.OfficialTools;
import dev.sqliterest.testing.RepoRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-your-writes through a follower with the real {@code @supabase/postgrest-js} client ({@code
 * src/test/node/postgrest-js-follower.cjs}): the client sends {@code Replication-Min-Txid} with
 * {@code setHeader} naming the TXID of the primary's asynchronous write, the follower holds that
 * read until the write is applied (its poll interval is long, so an unheld read would miss the
 * row), and a write sent to the follower is a postgrest-js error with code 25006.
 */
final class FollowerPostgrestJsInteropTest {

  private static final String SECRET = "postgrest-js-follower-secret-0123456789abcdef";

  @TempDir Path dir;

  @Test
  void readYourWrites_withSetHeader_andAWriteOnTheFollowerIsAnError() throws Exception {
    String node = OfficialTools.node().toString();
    Path nodeDir = OfficialTools.postgrestJs();
    Path secret = Files.writeString(dir.resolve("secret"), SECRET);
    String token =
        JWT.create()
            .withClaim("role", "authenticated")
            .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
    String replica = dir.resolve("replica").toUri().toString();
    Path primaryDb = dir.resolve("primary.db");
    try (LiveServer primary =
            LiveServer.start(
                ServeConfig.loopback(
                        DatabaseOptions.defaults(primaryDb).withCreate(true), Set.of("notes"))
                    .withAuth(Optional.of(AuthOptions.hmac(secret)))
                    .withReplication(Optional.of(Replicated.fast(replica))));
        LiveServer follower =
            LiveServer.start(
                ServeConfig.loopback(
                        DatabaseOptions.defaults(dir.resolve("follower.db")), Set.of("notes"))
                    .withAuth(Optional.of(AuthOptions.hmac(secret)))
                    .withFollow(
                        Optional.of(
                            new FollowConfig(
                                ReplicaUrl.parse(replica),
                                new FollowOptions(Duration.ofSeconds(2)),
                                Duration.ofSeconds(30),
                                Optional.empty()))))) {
      primary.sql(
          "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
          "INSERT INTO notes VALUES (1, 'first')");
      Await.until(
          Duration.ofSeconds(60),
          "the follower has the table and its row",
          () ->
              follower
                  .http
                  .get("/notes", "Authorization", "Bearer " + token)
                  .body()
                  .contains("first"));

      Path script = RepoRoot.resolve("server/src/test/node/postgrest-js-follower.cjs");
      Path stderr = dir.resolve("node.err");
      Process process =
          new ProcessBuilder(
                  node,
                  script.toString(),
                  nodeDir.toString(),
                  "http://127.0.0.1:" + follower.app.httpPort(),
                  token,
                  "http://127.0.0.1:" + primary.app.httpPort())
              .redirectError(stderr.toFile())
              .start();
      byte[] stdout = process.getInputStream().readAllBytes();
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("node finished").isTrue();
      assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
      JsonNode out = LiveServer.JSON.readTree(stdout);

      assertThat(out.at("/before/data").toString()).isEqualTo("[{\"id\":1,\"body\":\"first\"}]");
      assertThat(out.at("/write/status").asInt()).isEqualTo(201);
      assertThat(out.at("/readYourWrite/error").isNull()).as(out.toString()).isTrue();
      assertThat(out.at("/readYourWrite/data").toString())
          .isEqualTo("[{\"id\":1,\"body\":\"first\"},{\"id\":2,\"body\":\"mine\"}]");
      JsonNode txids = out.at("/txids/data");
      assertThat(txids.path("before").asText()).matches("[0-9a-f]{16}");
      assertThat(txids.path("written").asText()).as("the write's token").matches("[0-9a-f]{16}");
      assertThat(txids.path("asked").asText()).isEqualTo(txids.path("written").asText());
      assertThat(Long.parseUnsignedLong(txids.path("served").asText(), 16))
          .isGreaterThanOrEqualTo(Long.parseUnsignedLong(txids.path("asked").asText(), 16));
      assertThat(out.at("/writeOnFollower/status").asInt()).isEqualTo(405);
      assertThat(out.at("/writeOnFollower/error/code").asText()).isEqualTo("25006");
      assertThat(out.at("/writeOnFollower/error/hint").asText()).contains("primary");
    }
  }
}
