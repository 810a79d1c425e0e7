package dev.sqliterest.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sqliterest.server.config.ServeConfig;
import dev.sqliterest.sqlite.DatabaseOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** With authentication disabled, the start-up log says whether browsers of other sites get in. */
final class CorsChoiceLogTest {

  @TempDir Path dir;
  private final Logger logger = (Logger) LoggerFactory.getLogger(App.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Level previous;

  @BeforeEach
  void attach() {
    previous = logger.getLevel();
    logger.setLevel(Level.INFO);
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(logged);
    logger.setLevel(previous);
  }

  private List<String> startAndStop(List<String> origins) throws Exception {
    ServeConfig config =
        ServeConfig.loopback(
                DatabaseOptions.defaults(dir.resolve("d.db")).withCreate(true), Set.of())
            .withCorsAllowedOrigins(origins);
    try (App app = App.start(config, Wiring.defaults())) {
      return logged.list.stream()
          .filter(e -> e.getFormattedMessage().startsWith("CORS"))
          .map(e -> e.getLevel() + " " + e.getFormattedMessage())
          .toList();
    }
  }

  @Test
  void corsOff_loggedAsTheChoice() throws Exception {
    assertThat(startAndStop(List.of()))
        .singleElement()
        .asString()
        .startsWith("INFO CORS is off")
        .contains("--cors-allowed-origins");
  }

  @Test
  void corsGivenExplicitly_warnsWhatPagesCanDo() throws Exception {
    assertThat(startAndStop(List.of("*")))
        .singleElement()
        .asString()
        .startsWith("WARN CORS allows * while authentication is disabled");
  }
}
