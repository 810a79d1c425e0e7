package dev.sqliterest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.server.testing.Await;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --auth-jwks-file} with keys and tokens made the way an identity provider makes them:
 * {@code src/test/node/jwks-idp.cjs} generates keys with Node's crypto (OpenSSL), publishes them
 * through Node's JWK export and signs RS256, PS256, ES256 and ES384 tokens with {@code kid} in the
 * header; then the provider rotates its RSA key and the server picks the new file up.
 */
final class JwksIdpInteropTest {

  @TempDir Path dir;

  private JsonNode provider() throws Exception {
    return NodeScripts.run(dir, "jwks-idp.cjs");
  }

  private LiveServer serve(JsonNode jwks) throws Exception {
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, jwks.toString());
    LiveServer server = LiveServer.withAuth(dir, Set.of("books"), AuthOptions.jwks(file), "unused");
    server.sql(
        "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT)",
        "INSERT INTO books VALUES (1, 'Emma')");
    return server;
  }

  private static HttpResponse<String> get(LiveServer server, String token) {
    return server.http.get("/books", "Authorization", "Bearer " + token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256", "ES256", "ES384"})
  void providerToken_accepted(String alg) throws Exception {
    JsonNode idp = provider();
    try (LiveServer server = serve(idp.at("/first/jwks"))) {
      HttpResponse<String> response = get(server, idp.at("/first/tokens/" + alg).asText());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("[{\"id\":1,\"title\":\"Emma\"}]");
    }
  }

  @Test
  void forgedAndUnpublished_rejected_thenRotationPublishesTheNextKey() throws Exception {
    JsonNode idp = provider();
    try (LiveServer server = serve(idp.at("/first/jwks"))) {
      HttpResponse<String> forged = get(server, idp.at("/first/tokens/forged").asText());
      assertThat(forged.statusCode()).isEqualTo(401);
      assertThat(LiveServer.json(forged).get("code").asText()).isEqualTo("PGRST301");
      assertThat(LiveServer.json(forged).get("hint").asText())
          .isEqualTo("token signature is invalid");
      HttpResponse<String> early = get(server, idp.at("/first/tokens/early").asText());
      assertThat(early.statusCode()).isEqualTo(401);
      assertThat(LiveServer.json(early).get("hint").asText()).contains("kid");

      // the provider rotates: the file is replaced, no restart
      Path file = dir.resolve("jwks.json");
      Files.writeString(file, idp.at("/rotated/jwks").toString());
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
      String next = idp.at("/rotated/tokens/RS256").asText();
      Await.until(
          Duration.ofSeconds(30),
          "the rotated key accepted",
          () -> get(server, next).statusCode() == 200);

      assertThat(get(server, idp.at("/first/tokens/RS256").asText()).statusCode())
          .as("the retired key's token")
          .isEqualTo(401);
      assertThat(get(server, idp.at("/first/tokens/ES256").asText()).statusCode())
          .as("the EC keys stay published")
          .isEqualTo(200);
    }
  }
}
