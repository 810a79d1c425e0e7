package dev.sqliterest.server.console;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.sqliterest.server.App;
import dev.sqliterest.server.Wiring;
import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.server.config.ReplicationConfig;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.server.testing.Http;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The real server over a small bookstore, with HS256 tokens and replication to a directory, for the
 * console's tests.
 */
final class ConsoleServer implements AutoCloseable {

  private static final String SECRET = "console-test-secret-0123456789abcdef-xyz";

  final App app;
  final Http http;
  final String token;
  final Path database;

  ConsoleServer(Path dir, UnaryOperator<ServeConfig> configure) throws Exception {
    database = dir.resolve("books.db");
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      st.executeUpdate(
          "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, author_id INTEGER"
              + " REFERENCES authors(id), year INTEGER, price REAL)");
      st.executeUpdate("INSERT INTO authors VALUES (1, 'Austen'), (2, 'Melville'), (3, 'Le Guin')");
      st.executeUpdate(
          "INSERT INTO books VALUES (1, 'Pride and Prejudice', 1, 1813, 9.99), (2, 'Emma', 1,"
              + " 1815, NULL), (3, 'Moby-Dick', 2, 1851, 12.0), (4, 'A Wizard of Earthsea', 3,"
              + " 1968, 10.5), (5, 'The Dispossessed', 3, 1974, 12.5)");
    }
    Path secret = Files.writeString(dir.resolve("secret"), SECRET);
    token =
        JWT.create()
            .withClaim("role", "authenticated")
            .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
    ServeConfig config =
        ServeConfig.loopback(DatabaseOptions.defaults(database), Set.of("authors", "books"))
            .withAuth(Optional.of(AuthOptions.hmac(secret)))
            .withReplication(Optional.of(ReplicationConfig.fileReplica(dir.resolve("replica"))));
    app = App.start(configure.apply(config), Wiring.defaults());
    http = new Http(app.httpPort());
  }

  String base() {
    return "http://127.0.0.1:" + app.httpPort();
  }

  String[] bearer() {
    return new String[] {"Authorization", "Bearer " + token};
  }

  @Override
  public void close() throws Exception {
    app.close();
  }
}
