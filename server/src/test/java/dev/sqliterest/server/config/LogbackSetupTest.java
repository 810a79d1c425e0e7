package dev.sqliterest.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class LogbackSetupTest {

  /** A context of its own, as logback's initialisation would make it. */
  private static LoggerContext newContext() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    return context;
  }

  private static LoggerContext installed(Map<String, String> properties) {
    LoggerContext context = newContext();
    LogbackSetup.install(context, properties::getOrDefault);
    return context;
  }

  /** A test body that gets a TEXT context installed while {@code System.out} is captured. */
  @FunctionalInterface
  private interface OnCapturedOut {
    void run(LoggerContext context, ByteArrayOutputStream out) throws Exception;
  }

  private static void withTextOnCapturedOut(OnCapturedOut body) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LoggerContext context = installed(Map.of("sqliterest.log.format", "TEXT"));
    try {
      body.run(context, captured);
    } finally {
      context.stop();
      System.setOut(original);
    }
  }

  private static String encoded(String format, LoggerContext context) {
    Logger logger = context.getLogger("dev.sqliterest.server.cli.ServeCommand");
    ILoggingEvent event =
        new LoggingEvent(Logger.FQCN, logger, Level.INFO, "listening", null, null);
    byte[] line = LogbackSetup.encoder(context, format).encode(event);
    return new String(line, StandardCharsets.UTF_8);
  }

  @Test
  void aLogbackTestXmlOnTheClassPathWins_asOverALogbackXml() {
    LogbackSetup setup = new LogbackSetup();
    setup.setContext(new LoggerContext());
    assertThat(setup.configure(new LoggerContext())).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
  }

  @Test
  void defaults_jsonAtInfo_librariesAtWarn() {
    LoggerContext context = installed(Map.of());
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("JSON_ASYNC")).isNotNull();
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger(LogSettings.ACCESS_LOGGER).getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.sqlite").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void theAppenderIsBuiltAtTheFirstEvent_notAtInstall() throws Exception {
    withTextOnCapturedOut(
        (context, captured) -> {
          Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
          OnFirstEventAppender appender = (OnFirstEventAppender) root.getAppender("TEXT_ASYNC");
          context.getLogger("quiet").debug("below the level: no event reaches the appender");
          assertThat(appender.isBuilt()).isFalse();
          context.getLogger("first").info("the first line");
          assertThat(appender.isBuilt()).isTrue();
          context.stop(); // stops what it built: the queued line is written out
          assertThat(captured.toString(StandardCharsets.UTF_8)).contains(" the first line");
        });
  }

  @Test
  void stoppedBeforeAnyEvent_buildsNothing() {
    LoggerContext context = installed(Map.of());
    OnFirstEventAppender appender =
        (OnFirstEventAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("JSON_ASYNC");
    context.stop();
    context.getLogger("late").info("after the stop");
    assertThat(appender.isBuilt()).isFalse();
  }

  @Test
  void theFlagsSettings_chooseTheAppenderAndLevels() {
    LoggerContext context =
        installed(
            Map.of(
                "sqliterest.log.format", "TEXT_COLOR",
                "sqliterest.log.level", "WARN",
                "sqliterest.log.accessLevel", "INFO",
                "sqliterest.log.libraryLevel", "DEBUG"));
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("TEXT_COLOR_ASYNC")).isNotNull();
    assertThat(root.getAppender("JSON_ASYNC")).isNull();
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger(LogSettings.ACCESS_LOGGER).getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.DEBUG);
  }

  @Test
  void aBurstFromManyThreads_everyLineReachesTheConsoleWithoutAStop() throws Exception {
    withTextOnCapturedOut(
        (context, captured) -> {
          Logger logger = context.getLogger(LogSettings.ACCESS_LOGGER);
          int threads = 8;
          int perThread = 2_000;
          List<Thread> writers = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            int id = t;
            writers.add(
                Thread.ofVirtual()
                    .start(
                        () -> {
                          for (int i = 0; i < perThread; i++) {
                            logger.info("line {}-{}", id, i);
                          }
                        }));
          }
          for (Thread writer : writers) {
            writer.join();
          }
          // the lines are written by the asynchronous worker: wait for them, the context stays
          // started
          long deadline = System.nanoTime() + 30_000_000_000L;
          long lines = 0;
          while (System.nanoTime() < deadline) {
            lines = captured.toString(StandardCharsets.UTF_8).lines().count();
            if (lines >= threads * perThread) {
              break;
            }
            Thread.sleep(10);
          }
          assertThat(lines).isEqualTo(threads * perThread);
          assertThat(captured.toString(StandardCharsets.UTF_8)).contains(" line 7-1999 ");
        });
  }

  @Test
  void jsonLines_shortLoggerName_noVersionOrLevelValue() throws Exception {
    JsonNode line = new ObjectMapper().readTree(encoded("JSON", newContext()));
    assertThat(line.get("message").asText()).isEqualTo("listening");
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("logger_name").asText())
        .hasSizeLessThanOrEqualTo(36)
        .endsWith("ServeCommand");
    assertThat(line.has("@timestamp")).isTrue();
    assertThat(line.has("thread_name")).isTrue();
    assertThat(line.has("@version")).isFalse();
    assertThat(line.has("level_value")).isFalse();
  }

  @Test
  void textLines_timeLevelLoggerMessage() {
    assertThat(encoded("TEXT", newContext()))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  ServeCommand listening \\R");
  }
}
