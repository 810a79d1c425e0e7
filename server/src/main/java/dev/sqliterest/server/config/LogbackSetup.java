package dev.sqliterest.server.config;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.function.BinaryOperator;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashCommonFieldNames;

/**
 * Logging of the sqlite-rest executable, set up in code: logback's XML configuration took 50-250 ms
 * of every start (docs/PERFORMANCE.md, Footprint). Logback finds it through {@code
 * META-INF/services} and it takes the place of a {@code logback.xml}: an explicit {@code
 * -Dlogback.configurationFile} or a {@code logback-test.xml} on the class path still wins.
 *
 * <p>The CLI passes the global flags as system properties ({@link LogSettings#apply()}):
 *
 * <ul>
 *   <li>{@code sqliterest.log.format}: the appender, {@code JSON} (one JSON object per line, the
 *       default), {@code TEXT} (human lines) or {@code TEXT_COLOR} (human lines for a terminal)
 *   <li>{@code sqliterest.log.level}: sqlite-rest's own loggers (default INFO)
 *   <li>{@code sqliterest.log.accessLevel}: the access log, one line per request (default INFO)
 *   <li>{@code sqliterest.log.libraryLevel}: third-party libraries such as Jetty (default WARN)
 * </ul>
 *
 * <p>The appender is asynchronous ({@code <format>_ASYNC}): requests run on short-lived virtual
 * threads, and LogstashEncoder caches one JSON generator (with its buffers) per thread, so encoding
 * on the request threads retained ~300 MB after 90k requests (docs/PERFORMANCE.md, HTTP load); the
 * async appender encodes on its one worker thread. It never discards: under a burst callers wait
 * rather than lose lines. It and its encoder are built at the first event ({@link
 * OnFirstEventAppender}): a command that logs nothing never builds them.
 */
public final class LogbackSetup extends ContextAwareBase implements Configurator {

  private static final String TEXT_PATTERN =
      "%d{HH:mm:ss.SSS} %-5level %logger{0} %msg %kvp{NONE}%n%ex";
  private static final String COLOR_PATTERN =
      "%d{HH:mm:ss.SSS} %highlight(%-5level) %cyan(%logger{0}) %msg %kvp{NONE}%n%ex";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
        || getClass().getClassLoader().getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    install(context, System::getProperty);
    // tells LogSettings that logback is configured in this JVM (it reconfigures and stops it only
    // then)
    System.setProperty("sqliterest.log.configured", "true");
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Sets up {@code context} from the {@code sqliterest.log.*} values (name, default → value). */
  static void install(LoggerContext context, BinaryOperator<String> property) {
    context.getStatusManager().add(new NopStatusListener());
    String format = property.apply("sqliterest.log.format", "JSON");
    OnFirstEventAppender appender =
        new OnFirstEventAppender(() -> consoleAppender(context, format));
    appender.setContext(context);
    appender.setName(format + "_ASYNC");
    appender.start();

    String library = property.apply("sqliterest.log.libraryLevel", "WARN");
    level(context, "org.eclipse.jetty", library);
    level(context, "org.sqlite", library);
    level(context, LogSettings.ACCESS_LOGGER, property.apply("sqliterest.log.accessLevel", "INFO"));
    level(
        context, org.slf4j.Logger.ROOT_LOGGER_NAME, property.apply("sqliterest.log.level", "INFO"));
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }

  /** The asynchronous appender in front of the console, both started. */
  private static AsyncAppender consoleAppender(LoggerContext context, String format) {
    AsyncAppender async = new AsyncAppender();
    BatchingConsoleAppender console =
        new BatchingConsoleAppender(() -> async.getNumberOfElementsInQueue() == 0);
    console.setContext(context);
    console.setName(format);
    console.setEncoder(encoder(context, format));
    console.start();
    async.setContext(context);
    async.setName(format + "_ASYNC");
    async.setQueueSize(8192);
    async.setDiscardingThreshold(0);
    async.setIncludeCallerData(false);
    async.addAppender(console);
    async.start();
    return async;
  }

  static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
    if (format.startsWith("TEXT")) {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setContext(context);
      text.setPattern(format.equals("TEXT_COLOR") ? COLOR_PATTERN : TEXT_PATTERN);
      text.start();
      return text;
    }
    LogstashEncoder json = new LogstashEncoder();
    json.setContext(context);
    // the logger's short name is enough; the level/thread/timestamp fields keep their defaults
    json.setShortenedLoggerNameLength(36);
    json.getFieldNames().setVersion(LogstashCommonFieldNames.IGNORE_FIELD_INDICATOR);
    json.getFieldNames().setLevelValue(LogstashCommonFieldNames.IGNORE_FIELD_INDICATOR);
    json.start();
    return json;
  }

  private static void level(LoggerContext context, String logger, String level) {
    context.getLogger(logger).setLevel(Level.toLevel(level, null));
  }
}
