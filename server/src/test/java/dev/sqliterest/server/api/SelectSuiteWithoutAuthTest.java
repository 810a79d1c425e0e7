package dev.sqliterest.server.api;

import java.nio.file.Path;

/** sqlite-rest's context A: authentication disabled. */
final class SelectSuiteWithoutAuthTest extends SqliteRestSelectSuite {

  @Override
  LiveServer start(Path dir) throws Exception {
    return LiveServer.withoutAuth(dir, ALLOWED);
  }
}
