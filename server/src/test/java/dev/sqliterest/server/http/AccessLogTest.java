package dev.sqliterest.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sqliterest.server.http.Exchange.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

final class AccessLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger("sqliterest.access");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Level previous;

  @BeforeEach
  void attach() {
    previous = logger.getLevel();
    logger.setLevel(Level.INFO);
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
  }

  @Test
  void onExchange_logsOneEventWithRequestFields() {
    new AccessLog()
        .onExchange(
            new Exchange(
                "rid-1",
                "GET",
                "/books",
                Optional.of("books"),
                206,
                Duration.ofNanos(1_234_567),
                OptionalLong.of(3),
                Outcome.API));

    assertThat(eventsOf("rid-1")).hasSize(1);
    ILoggingEvent event = eventsOf("rid-1").getFirst();
    assertThat(event.getMessage()).isEqualTo("request");
    Map<String, Object> fields =
        event.getKeyValuePairs().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
    assertThat(fields)
        .containsEntry("method", "GET")
        .containsEntry("path", "/books")
        .containsEntry("status", 206)
        .containsEntry("duration_ms", 1.235)
        .containsEntry("rows", 3L)
        .containsEntry("request_id", "rid-1");
  }

  @Test
  void onExchange_withoutRows_omitsTheField() {
    new AccessLog()
        .onExchange(
            new Exchange(
                "rid-2",
                "POST",
                "/books",
                Optional.of("books"),
                201,
                Duration.ofMillis(2),
                OptionalLong.empty(),
                Outcome.API));

    assertThat(eventsOf("rid-2").getFirst().getKeyValuePairs())
        .noneMatch(kv -> kv.key.equals("rows"));
  }

  /**
   * The captured events of one request (a server another test left closing may still log on the
   * shared logger).
   */
  private List<ILoggingEvent> eventsOf(String requestId) {
    return appender.list.stream()
        .filter(
            e ->
                e.getKeyValuePairs() != null
                    && e.getKeyValuePairs().stream()
                        .anyMatch(kv -> kv.key.equals("request_id") && requestId.equals(kv.value)))
        .toList();
  }
}
