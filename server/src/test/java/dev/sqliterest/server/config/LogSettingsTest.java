package dev.sqliterest.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class LogSettingsTest {

  private static LogSettings level(int level) {
    return new LogSettings(level, LogFormat.JSON, false, false);
  }

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
    assertThat(level(level).logbackLevel()).isEqualTo(logback);
    assertThat(level(level).rootLevel()).isEqualTo(logback);
    assertThat(level(level).accessLevel()).isEqualTo(logback);
  }

  @Test
  void logLevel_librariesStayQuietBelowTen() {
    assertThat(level(9).libraryLevel()).isEqualTo("WARN");
    assertThat(level(10).libraryLevel()).isEqualTo("DEBUG");
  }

  @Test
  void requestsOnly_warningsAndTheAccessLog() {
    LogSettings demo = new LogSettings(5, LogFormat.TEXT, true, true);
    assertThat(demo.rootLevel()).isEqualTo("WARN");
    assertThat(demo.accessLevel()).isEqualTo("INFO");
  }

  @ParameterizedTest
  @CsvSource({
    // asked, stdout is a terminal, chosen
    ",true,TEXT",
    ",false,JSON",
    "JSON,true,JSON",
    "JSON,false,JSON",
    "TEXT,true,TEXT",
    "TEXT,false,TEXT"
  })
  void format_askedWins_elseTextOnATerminalOnly(
      LogFormat asked, boolean terminal, LogFormat chosen) {
    assertThat(LogFormat.choose(Optional.ofNullable(asked), terminal)).isEqualTo(chosen);
  }

  @Test
  void appender_colorsOnlyTextOnATerminal() {
    assertThat(new LogSettings(5, LogFormat.JSON, true, false).appender()).isEqualTo("JSON");
    assertThat(new LogSettings(5, LogFormat.TEXT, true, false).appender()).isEqualTo("TEXT_COLOR");
    assertThat(new LogSettings(5, LogFormat.TEXT, false, false).appender()).isEqualTo("TEXT");
  }
}
