package dev.sqliterest.server.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import java.util.regex.Pattern;

/**
 * The production classes of every module, for the architecture rules. A full {@code ./mvnw verify}
 * puts the other modules on the class path as their packaged jars (a single-module run as {@code
 * target/classes}), so both are imported; third-party jars, test classes and the test fixtures are
 * not.
 */
final class MainClasses {

  private static final Pattern OUR_JAR = Pattern.compile(".*/sqliterest-[a-z]+-[^/]*\\.jar!/.*");

  static final JavaClasses ALL =
      new ClassFileImporter()
          .withImportOption(MainClasses::ours)
          .importPackages("dev.sqliterest")
          .that(
              com.tngtech.archunit.base.DescribedPredicate.not(
                  com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                      "dev.sqliterest.testing..")));

  private MainClasses() {}

  private static boolean ours(Location location) {
    if (location.contains("/test-classes/") || location.contains("-tests.jar")) {
      return false;
    }
    return location.contains("/target/classes/") || location.matches(OUR_JAR);
  }
}
