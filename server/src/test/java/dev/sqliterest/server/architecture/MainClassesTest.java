package dev.sqliterest.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The architecture rules see every module: a rule over classes it never saw passes for nothing. */
final class MainClassesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dev.sqliterest.ltx.LtxEncoder",
        "dev.sqliterest.sqlite.Database",
        "dev.sqliterest.replication.Store",
        "dev.sqliterest.rest.RestApi",
        "dev.sqliterest.server.App"
      })
  void everyModuleIsImported(String className) {
    assertThat(MainClasses.ALL.contain(className)).as(className).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dev.sqliterest.testing.OfficialTools",
        "dev.sqliterest.server.architecture.MainClassesTest"
      })
  void testCodeIsNot(String className) {
    assertThat(MainClasses.ALL.contain(className)).as(className).isFalse();
  }
}
