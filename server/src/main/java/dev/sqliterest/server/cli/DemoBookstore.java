package dev.sqliterest.server.cli;

import dev.sqliterest.sqlite.Database;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The demo's example database: authors, books and a view joining them, with some rows. */
final class DemoBookstore {

  static final String FILE_NAME = "bookstore.db";
  static final List<String> TABLES = List.of("books", "authors", "books_with_authors");

  private static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER,"
              + " country TEXT)",
          "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL,"
              + " author_id INTEGER NOT NULL REFERENCES authors(id), year INTEGER, genre TEXT,"
              + " price REAL, in_stock INTEGER NOT NULL DEFAULT 1)",
          "CREATE VIEW books_with_authors AS SELECT b.id, b.title, b.year, b.genre, b.price,"
              + " a.name AS author, a.country FROM books b JOIN authors a ON a.id = b.author_id",
          "INSERT INTO authors (id, name, born, country) VALUES"
              + " (1, 'Jane Austen', 1775, 'GB'), (2, 'Herman Melville', 1819, 'US'),"
              + " (3, 'Leo Tolstoy', 1828, 'RU'), (4, 'Mary Shelley', 1797, 'GB'),"
              + " (5, 'Ursula K. Le Guin', 1929, 'US'), (6, 'Chinua Achebe', 1930, 'NG')",
          "INSERT INTO books (id, title, author_id, year, genre, price, in_stock) VALUES"
              + " (1, 'Pride and Prejudice', 1, 1813, 'romance', 9.99, 1),"
              + " (2, 'Emma', 1, 1815, 'romance', 8.5, 0),"
              + " (3, 'Moby-Dick', 2, 1851, 'adventure', 12.0, 1),"
              + " (4, 'War and Peace', 3, 1869, 'historical', 15.25, 1),"
              + " (5, 'Anna Karenina', 3, 1878, 'romance', 11.0, 1),"
              + " (6, 'Frankenstein', 4, 1818, 'horror', 7.75, 1),"
              + " (7, 'A Wizard of Earthsea', 5, 1968, 'fantasy', 10.5, 1),"
              + " (8, 'The Left Hand of Darkness', 5, 1969, 'science fiction', 11.5, 0),"
              + " (9, 'The Dispossessed', 5, 1974, 'science fiction', 12.5, 1),"
              + " (10, 'Things Fall Apart', 6, 1958, 'literary', 9.0, 1)");

  private DemoBookstore() {}

  /** Creates {@code dir/bookstore.db} with the example schema and rows unless it exists. */
  static Path ensure(Path dir) throws SQLException, java.io.IOException {
    Path file = dir.resolve(FILE_NAME);
    if (Files.exists(file)) {
      return file;
    }
    Files.createDirectories(dir);
    Path partial = dir.resolve(FILE_NAME + ".creating");
    Files.deleteIfExists(partial);
    try (Database db = Database.open(DatabaseOptions.defaults(partial).withCreate(true))) {
      db.write(
          connection -> {
            try (Statement st = connection.createStatement()) {
              for (String sql : SCHEMA) {
                st.executeUpdate(sql);
              }
            }
            return null;
          });
      db.withWriter(
          connection -> {
            try (Statement st = connection.createStatement()) {
              st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            return null;
          });
    }
    // the WAL was checkpointed into the file; rename only the finished database into place
    Files.deleteIfExists(dir.resolve(FILE_NAME + ".creating-wal"));
    Files.deleteIfExists(dir.resolve(FILE_NAME + ".creating-shm"));
    Files.move(partial, file);
    return file;
  }
}
