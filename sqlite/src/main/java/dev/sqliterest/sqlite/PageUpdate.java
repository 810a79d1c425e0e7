package dev.sqliterest.sqlite;

import java.io.IOException;

/**
 * Changes a follower's database file page by page ({@link Database#updatePages}): writes whole
 * pages at {@code (pgno - 1) * pageSize} and sets the file's size to the new page count. The header
 * fields SQLite uses to notice the change are set afterwards by the database, not here.
 */
@FunctionalInterface
public interface PageUpdate<T> {
  T apply(WritableFile file) throws IOException;
}
