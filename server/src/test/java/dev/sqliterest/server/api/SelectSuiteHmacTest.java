package dev.sqliterest.server.api;

import static dev.sqliterest.server.api.LiveServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * sqlite-rest's context H: the 10-byte secret file "test-token", a token that is HS256 over empty
 * claims (no exp, no role); plus its security case X1.
 */
final class SelectSuiteHmacTest extends SqliteRestSelectSuite {

  @Override
  LiveServer start(Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "test-token");
    String token =
        JWT.create().sign(Algorithm.HMAC256("test-token".getBytes(StandardCharsets.UTF_8)));
    return LiveServer.withHmac(dir, ALLOWED, secret, token);
  }

  @Test
  void x1_noAuthorizationHeader_is401Unauthorized() {
    server.sql("CREATE TABLE test (id int)");

    HttpResponse<String> r = server.http.get("/test?select=id");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("message").asText()).contains("Unauthorized");
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
  }

  @Test
  void tokenSignedWithAnotherSecret_is401AndTableNotReached() {
    server.sql("CREATE TABLE test (id int)");
    String forged = JWT.create().sign(Algorithm.HMAC256("other"));

    HttpResponse<String> r = server.http.get("/test", "Authorization", "Bearer " + forged);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("code").asText()).isEqualTo("PGRST301");
  }

  @Test
  void unauthenticatedRequestForForbiddenTable_is401Not403() {
    HttpResponse<String> r = server.http.get("/__sqlite_rest_migrations");

    assertThat(r.statusCode()).isEqualTo(401);
  }
}
