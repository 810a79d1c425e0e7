package dev.sqliterest.server.metrics;

import dev.sqliterest.sqlite.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Where {@code sqlite_rest_database_size_bytes} comes from. */
@FunctionalInterface
public interface DatabaseSizeSource {

  long sizeBytes() throws Exception;

  /**
   * sqlite-rest's measure: {@code page_count * page_size} of the main database, which excludes the
   * WAL file (so it grows only as checkpoints move pages into the database).
   */
  static DatabaseSizeSource of(Database database) {
    return () ->
        database.read(
            connection -> {
              try (Statement st = connection.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT page_count * page_size FROM pragma_page_count(),"
                              + " pragma_page_size()")) {
                if (!rs.next()) {
                  throw new SQLException("page_count * page_size returned no row");
                }
                return rs.getLong(1);
              }
            });
  }
}
