package dev.sqliterest.server.cli;

import java.io.File;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The class path of the executable for tests that start it as another process: this JVM's without
 * the test classes, whose {@code logback-test.xml} would replace the executable's own logging.
 */
public final class ProductionClassPath {

  private ProductionClassPath() {}

  public static String get() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
