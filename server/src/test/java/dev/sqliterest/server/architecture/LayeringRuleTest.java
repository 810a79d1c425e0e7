package dev.sqliterest.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layering written in docs/ARCHITECTURE.md, enforced: which module may use which, that an
 * engine's subpackages never reach back into their parent, and that each third-party library stays
 * in the one package that owns it.
 */
final class LayeringRuleTest {

  private static final JavaClasses MAIN = MainClasses.ALL;

  @Test
  void modulesDependOnlyDownwards() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("server")
        .definedBy("dev.sqliterest.server..")
        .layer("rest")
        .definedBy("dev.sqliterest.rest..")
        .layer("replication")
        .definedBy("dev.sqliterest.replication..")
        .layer("ltx")
        .definedBy("dev.sqliterest.ltx..")
        .layer("sqlite")
        .definedBy("dev.sqliterest.sqlite..")
        .whereLayer("server")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("rest")
        .mayOnlyBeAccessedByLayers("server")
        .whereLayer("replication")
        .mayOnlyBeAccessedByLayers("server")
        .whereLayer("ltx")
        .mayOnlyBeAccessedByLayers("replication", "server")
        .whereLayer("sqlite")
        .mayOnlyBeAccessedByLayers("rest", "replication", "server")
        .because("rest and replication meet only in server, through sqlite.Database")
        .check(MAIN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev.sqliterest.rest", "dev.sqliterest.replication"})
  void engineSubpackagesDoNotImportTheirParent(String engine) {
    noClasses()
        .that()
        .resideInAPackage(engine + ".*..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(engine)
        .because("events and facades live in the parent, which uses its subpackages, not back")
        .check(MAIN);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.sqliterest.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @ParameterizedTest(name = "{0} only in {1}")
  @CsvSource({
    "org.eclipse.jetty.., dev.sqliterest.server.http..",
    "net.jpountz.., dev.sqliterest.ltx..",
    "picocli.., dev.sqliterest.server.cli..",
    "software.amazon.awssdk.., dev.sqliterest.replication.client.s3..",
    "io.prometheus.., dev.sqliterest.server.metrics..",
    "com.auth0.., dev.sqliterest.server.auth..",
    "org.snakeyaml.., dev.sqliterest.server.policy.. dev.sqliterest.server.config..",
    "ch.qos.logback.., dev.sqliterest.server.config..",
    // server.auth reads JWKS files with java-jwt's own JSON library (JwksKeys)
    "com.fasterxml.jackson.., dev.sqliterest.rest.. dev.sqliterest.server.auth..",
    "org.sqlite.., dev.sqliterest.sqlite.."
  })
  void eachLibraryStaysInItsPackage(String library, String owners) {
    noClasses()
        .that()
        .resideOutsideOfPackages(owners.split(" "))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(library)
        .because("one package owns each library (docs/ARCHITECTURE.md, Code map)")
        .check(MAIN);
  }
}
