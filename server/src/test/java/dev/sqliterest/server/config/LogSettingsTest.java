package dev.sqliterest.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class LogSettingsTest {

  @ParameterizedTest
  @CsvSource({
    "-5,ERROR",
    "-2,ERROR",
    "-1,WARN",
    "0,INFO",
    "5,INFO",
    "7,INFO",
    "8,DEBUG",
    "9,DEBUG",
    "10,TRACE",
    "12,TRACE"
  })
  void logLevel_mapsSqliteRestVerbosityToLogback(int level, String logback) {
    assertThat(new LogSettings(level, false).logbackLevel()).isEqualTo(logback);
  }

  @Test
  void logLevel_librariesStayQuietBelowTen() {
    assertThat(new LogSettings(9, false).libraryLevel()).isEqualTo("WARN");
    assertThat(new LogSettings(10, false).libraryLevel()).isEqualTo("DEBUG");
  }
}
